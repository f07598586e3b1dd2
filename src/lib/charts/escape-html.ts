/** Text made safe for ECharts' HTML tooltips: `<`, `>`, `&`, `"` and `'` become entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ENTITIES[c] ?? c);
}

const ENTITIES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * A tooltip body: a bold title (none when empty), then one "label: value" line per row (the value
 * alone when the label is empty). Every piece of text is escaped here, so callers pass plain text
 * (data names included) and never markup.
 */
export function tooltipHtml(title: string, rows: ReadonlyArray<readonly [string, string]>): string {
  const lines = rows.map(([label, value]) =>
    label === '' ? escapeHtml(value) : `${escapeHtml(label)}: ${escapeHtml(value)}`,
  );
  return [...(title === '' ? [] : [`<strong>${escapeHtml(title)}</strong>`]), ...lines].join(
    '<br>',
  );
}
