import type { ChartOption } from './echarts.ts';

/** A chart's numbers as a table, for "export data (CSV)". */
export interface ChartTable {
  columns: string[];
  rows: Array<Array<string | number | null>>;
}

type Loose = Record<string, unknown>;

const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

/** A data item's number: plain, `{ value }`, or the last number of an array item. */
function numberOf(item: unknown): number | null {
  const value = item !== null && typeof item === 'object' && 'value' in item ? item.value : item;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) {
    const last = value.at(-1);
    return typeof last === 'number' && Number.isFinite(last) ? last : null;
  }
  return null;
}

/** The first number of an array item (`[x, y]` or `{ value: [x, y] }`): its x. */
function firstNumber(item: unknown): number | null {
  const value = item !== null && typeof item === 'object' && 'value' in item ? item.value : item;
  return Array.isArray(value) && typeof value[0] === 'number' ? value[0] : null;
}

/** Every number of an array item after its category index (e.g. a whisker's P10, P50, P90). */
const valuesOf = (item: unknown): Array<number | null> =>
  Array.isArray(item) ? item.slice(1).map(numberOf) : [numberOf(item)];

function sankeyTable(series: Loose): ChartTable {
  const nodes = asList(series.data ?? series.nodes) as Loose[];
  // Links name their ends by node id where nodes have one: write the node's name.
  const name = (ref: unknown) => String(nodes.find((n) => n.id === ref)?.name ?? ref);
  return {
    columns: ['source', 'target', 'value'],
    rows: (asList(series.links ?? series.edges) as Loose[]).map((link) => [
      name(link.source),
      name(link.target),
      numberOf(link.value),
    ]),
  };
}

function heatmapTable(series: Loose, x: unknown[], y: unknown[]): ChartTable {
  return {
    columns: ['x', 'y', 'value'],
    rows: asList(series.data).map((item) => {
      const cell = (
        item !== null && typeof item === 'object' && 'value' in item ? item.value : item
      ) as unknown[];
      return [
        String(x[Number(cell[0])] ?? cell[0]),
        String(y[Number(cell[1])] ?? cell[1]),
        numberOf(cell[2]),
      ];
    }),
  };
}

/**
 * The numbers behind a chart option: for category charts one row per category and one column per
 * series (a series of arrays, like a P10–P90 whisker, gives one column per number); a Sankey gives
 * its links; a heat map its cells. Series without a name and invisible helper series (a
 * waterfall's base) are left out.
 */
export function chartTable(option: ChartOption): ChartTable {
  const o = option as Loose;
  const series = (asList(o.series) as Loose[]).filter((s) => s.silent !== true);
  const sankey = series.find((s) => s.type === 'sankey');
  if (sankey) return sankeyTable(sankey);
  const xAxis = asList(o.xAxis)[0] as Loose | undefined;
  const yAxis = asList(o.yAxis)[0] as Loose | undefined;
  const heatmap = series.find((s) => s.type === 'heatmap');
  if (heatmap) return heatmapTable(heatmap, asList(xAxis?.data), asList(yAxis?.data));
  const categoryAxis =
    xAxis?.type === 'category' ? xAxis : yAxis?.type === 'category' ? yAxis : null;
  // A histogram on an amount axis: each row is named by its item's x (the bin's middle).
  const categories = categoryAxis
    ? asList(categoryAxis.data).map(String)
    : xAxis?.type === 'value'
      ? asList(series[0]?.data).map((item) => String(firstNumber(item) ?? ''))
      : [];
  const columns: string[] = [''];
  const perSeries = series.map((s, k) => {
    const items = asList(s.data);
    const width = Math.max(1, ...items.map((item) => valuesOf(item).length));
    const name = typeof s.name === 'string' && s.name !== '' ? s.name : `series ${k + 1}`;
    columns.push(
      ...(width === 1 ? [name] : Array.from({ length: width }, (_, i) => `${name} ${i + 1}`)),
    );
    return { items, width };
  });
  const length = Math.max(categories.length, ...perSeries.map((s) => s.items.length));
  const rows = Array.from({ length }, (_, i) => [
    categories[i] ?? String(i + 1),
    ...perSeries.flatMap(({ items, width }) => {
      const values = valuesOf(items[i]);
      return Array.from({ length: width }, (_, j) => values[j] ?? null);
    }),
  ]);
  return { columns, rows };
}
