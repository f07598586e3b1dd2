/** Okabe–Ito hues: colour-blind safe. Won and lost keep their colours everywhere. */
export const STATUS_COLORS = { won: '#009E73', lost: '#D55E00', open: '#0072B2' } as const;
