/**
 * An axis tooltip over category items: the hovered category's item goes to `body`, which returns
 * HTML built with `tooltipHtml` (so every name in it is escaped).
 */
export function axisTooltip<T>(items: readonly T[], body: (item: T) => string) {
  return {
    trigger: 'axis',
    axisPointer: { type: 'shadow' },
    formatter: (hovered: Array<{ dataIndex: number }>) => {
      const item = items[hovered[0]?.dataIndex ?? -1];
      return item === undefined ? '' : body(item);
    },
  };
}

/** A value axis labelled in the caller's amount format (万/亿 or K/M/B). */
export const amountAxis = (amount: (value: number) => string) => ({
  type: 'value',
  axisLabel: { formatter: (value: number) => amount(value) },
});
