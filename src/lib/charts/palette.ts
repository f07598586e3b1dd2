/** Okabe–Ito hues: colour-blind safe. Won and lost keep their colours everywhere. */
export const STATUS_COLORS = { won: '#009E73', lost: '#D55E00', open: '#0072B2' } as const;

/** Grey for what is not a category of its own: "others", bins short of a target. */
export const NEUTRAL_COLOR = '#9aa3ad';

/** Interval whiskers: a grey that reads on the light and the dark theme alike. */
export const WHISKER_COLOR = '#7a8494';

/** Below this n a rate is drawn faded: small samples look uncertain. */
export const SMALL_N = 20;
/** Opacity of items backed by fewer than SMALL_N deals. */
export const FADED_OPACITY = 0.35;

/**
 * The stage ramp, light to dark: a single-hue purple sequence (ColorBrewer Purples), ordered by
 * lightness so it reads for every kind of colour vision, and kept apart from the green, vermillion
 * and blue of won, lost and open.
 */
const STAGE_RAMP: ReadonlyArray<readonly [number, number, number]> = [
  [0xbc, 0xbd, 0xdc],
  [0x9e, 0x9a, 0xc8],
  [0x80, 0x7d, 0xba],
  [0x6a, 0x51, 0xa3],
  [0x54, 0x27, 0x8f],
  [0x3f, 0x00, 0x7d],
];

/**
 * The colour of the stage at 1-based `position` (as FunnelStage.position and the stage-flow ids)
 * in a model of `count` open stages: the same stage gets the same colour in every chart, later
 * stages darker. A single stage takes the middle of the ramp.
 */
export function stageColor(position: number, count: number): string {
  const n = Number.isFinite(count) ? Math.max(1, Math.floor(count)) : 1;
  const p = Number.isFinite(position) ? Math.min(n, Math.max(1, Math.round(position))) : 1;
  const t = n === 1 ? 0.5 : (p - 1) / (n - 1);
  const x = t * (STAGE_RAMP.length - 1);
  const i = Math.min(STAGE_RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = STAGE_RAMP[i] ?? [0, 0, 0];
  const b = STAGE_RAMP[i + 1] ?? a;
  const hex = (k: 0 | 1 | 2) =>
    Math.round(a[k] + (b[k] - a[k]) * f)
      .toString(16)
      .padStart(2, '0');
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}

/** Text that reads on `background` (#rrggbb): near-black on light colours, white on dark ones. */
export function textOn(background: string): string {
  const linear = (i: number) => {
    const c = parseInt(background.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  // WCAG's relative luminance; past 0.179 black contrasts more than white does.
  const luminance = 0.2126 * linear(1) + 0.7152 * linear(3) + 0.0722 * linear(5);
  return luminance > 0.179 ? '#1d2330' : '#ffffff';
}
