import { WHISKER_COLOR } from '../palette.ts';

interface CoordApi {
  coord: (value: [number, number]) => [number, number];
}

/**
 * A custom series drawing each category's 95 % interval as a whisker from `low` to `high`;
 * a category without an interval draws nothing.
 */
export function intervalSeries(
  name: string,
  items: ReadonlyArray<{ low: number | null; high: number | null }>,
) {
  return {
    name,
    type: 'custom',
    color: WHISKER_COLOR,
    renderItem: (params: { dataIndex: number }, api: CoordApi) => {
      const item = items[params.dataIndex];
      if (!item || item.low === null || item.high === null) return null;
      const [x, top] = api.coord([params.dataIndex, item.high]);
      const [, bottom] = api.coord([params.dataIndex, item.low]);
      const style = { stroke: WHISKER_COLOR, lineWidth: 1.5 };
      return {
        type: 'group',
        children: [
          { type: 'line', shape: { x1: x, y1: top, x2: x, y2: bottom }, style },
          { type: 'line', shape: { x1: x - 6, y1: top, x2: x + 6, y2: top }, style },
          { type: 'line', shape: { x1: x - 6, y1: bottom, x2: x + 6, y2: bottom }, style },
        ],
      };
    },
    data: items.map((_, i) => [i, 0]),
    z: 3,
  };
}
