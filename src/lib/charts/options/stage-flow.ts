import type { StageFlowLink } from '../../metrics/segment-funnels.ts';
import type { ChartOption } from '../echarts.ts';
import { tooltipHtml } from '../escape-html.ts';
import { STATUS_COLORS, stageColor, textOn } from '../palette.ts';
import { type ChartFormat, stageName } from './funnel-chart.ts';

export interface StageFlowLabels {
  /** Display names of the open stages, in stage order (their count sets the stage colours). */
  stageNames: readonly string[];
  won: string;
  lost: string;
  /** The node of deals still open at the end of their path, e.g. "Still open". */
  open: string;
  /** The unit after a count in link tooltips: "A → C: 12 deals". */
  deals: string;
  /** Tooltip note on links that jump over one or more stages. */
  skipped: string;
  format: Pick<ChartFormat, 'count'>;
}

export interface StageFlowInput {
  links: StageFlowLink[];
  labels: StageFlowLabels;
  /**
   * A phone's width: a stage's name runs up its own column, inside its node, rather than to its
   * right, across the next stage's column.
   */
  compact?: boolean;
}

const OUTCOMES = ['won', 'lost', 'open'] as const;
type Outcome = (typeof OUTCOMES)[number];

/** Node ids: `stage-<position>` for open stages, the outcome's own word for won, lost and open. */
export function stageFlowNodeId(end: string): string | null {
  if ((OUTCOMES as readonly string[]).includes(end)) return end;
  return /^[1-9][0-9]*$/.test(end) ? `stage-${end}` : null;
}

export interface StageFlowNode {
  id: string;
  name: string;
  /** 1-based stage position; null for an outcome. */
  position: number | null;
  outcome?: Outcome;
  depth: number;
  itemStyle: { color: string };
  label?: { position: 'inside'; rotate: number; color: string; textBorderColor: string };
}

export interface StageFlowEdge {
  source: string;
  target: string;
  value: number;
  /** The link jumps over at least one stage (target > source + 1). */
  skipped: boolean;
  lineStyle: {
    color: 'source';
    opacity: number;
    borderColor?: string;
    borderWidth?: number;
    borderType?: 'dashed';
  };
}

interface FlowParams {
  dataType?: string;
  data?: unknown;
}

/**
 * Where deals go from each stage: a Sankey with a node per open stage (stage colours, one column
 * per stage position) and the outcomes Won, Lost and Still open (status colours) on the right.
 * Links that skip stages are paler with a dashed outline. Nodes are keyed by id (stageFlowNodeId),
 * so a stage whose display name is "Won" stays apart from the outcome. Links that do not run
 * forward, or have no deals, are left out: a Sankey must have no cycles.
 */
export function stageFlowOption({ links, labels, compact = false }: StageFlowInput): ChartOption {
  const k = labels.stageNames.length;
  const count = labels.format.count;

  const edges: StageFlowEdge[] = [];
  for (const link of links) {
    const source = Number(link.source);
    const targetStage = Number(link.target);
    const sourceId = stageFlowNodeId(link.source);
    const targetId = stageFlowNodeId(link.target);
    if (!sourceId || !targetId || !Number.isInteger(source)) continue;
    if (!(link.n > 0)) continue;
    const toStage = Number.isInteger(targetStage);
    if (toStage && targetStage <= source) continue;
    const skipped = toStage && targetStage > source + 1;
    edges.push({
      source: sourceId,
      target: targetId,
      value: link.n,
      skipped,
      lineStyle: skipped
        ? {
            color: 'source',
            opacity: 0.2,
            borderColor: stageColor(source, k),
            borderWidth: 1,
            borderType: 'dashed',
          }
        : { color: 'source', opacity: 0.45 },
    });
  }

  const used = new Set(edges.flatMap((e) => [e.source, e.target]));
  const positions = [...used]
    .filter((id) => id.startsWith('stage-'))
    .map((id) => Number(id.slice('stage-'.length)))
    .sort((a, b) => a - b);
  const lastDepth = Math.max(k, ...positions);
  const nodes: StageFlowNode[] = [
    ...positions.map((p) => {
      const color = stageColor(p, k);
      return {
        id: `stage-${p}`,
        name: stageName(labels.stageNames, p),
        position: p,
        depth: p - 1,
        itemStyle: { color },
        // Inside its node, a name reads on the node's colour, in either theme, without a halo.
        ...(compact
          ? {
              label: {
                position: 'inside' as const,
                rotate: 90,
                color: textOn(color),
                textBorderColor: color,
              },
            }
          : {}),
      };
    }),
    ...OUTCOMES.filter((o) => used.has(o)).map((o) => ({
      id: o,
      name: labels[o],
      position: null,
      outcome: o,
      depth: lastDepth,
      itemStyle: { color: STATUS_COLORS[o] },
    })),
  ];
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const nameOf = (id: unknown) => names.get(String(id)) ?? '';

  const tooltip = (params: FlowParams): string => {
    const data = (params.data ?? {}) as Partial<StageFlowEdge & StageFlowNode>;
    if (params.dataType === 'edge') {
      const title = `${nameOf(data.source)} → ${nameOf(data.target)}`;
      const rows: Array<[string, string]> = [[title, `${count(data.value ?? 0)} ${labels.deals}`]];
      if (data.skipped) rows.push([labels.skipped, '✓']);
      return tooltipHtml('', rows);
    }
    const through = edges
      .filter((e) => e.target === data.id || e.source === data.id)
      .reduce(
        (sum, e) => ({
          in: sum.in + (e.target === data.id ? e.value : 0),
          out: sum.out + (e.source === data.id ? e.value : 0),
        }),
        { in: 0, out: 0 },
      );
    return tooltipHtml(nameOf(data.id), [
      ['', `${count(Math.max(through.in, through.out))} ${labels.deals}`],
    ]);
  };

  return {
    aria: { enabled: true },
    tooltip: { trigger: 'item', formatter: tooltip },
    series: [
      {
        type: 'sankey',
        id: 'stage-flow',
        left: 8,
        right: 96,
        top: 8,
        bottom: 8,
        nodeAlign: 'left',
        layoutIterations: 0,
        emphasis: { focus: 'adjacency' },
        // Many stages leave a narrow column each: a name that would overlap another is hidden
        // (the tooltip still names every node).
        labelLayout: { hideOverlap: true },
        label: {
          formatter: (params: { data?: unknown }) =>
            nameOf((params.data as { id?: string } | undefined)?.id),
        },
        data: nodes,
        links: edges,
      },
    ],
  };
}
