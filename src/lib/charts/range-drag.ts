import * as echarts from 'echarts/core';

/** The shade over the categories being dragged across (the accent, faint). */
const SHADE = 'rgba(86, 180, 233, 0.18)';

/** The categories from one index to another, whichever way the drag went. */
export function categoriesBetween(categories: readonly string[], a: number, b: number): string[] {
  return categories.slice(Math.max(0, Math.min(a, b)), Math.max(a, b) + 1);
}

/**
 * Dragging the mouse across a chart's category x axis picks the categories from the one pressed
 * on to the one released on: `onrange` gets them, in axis order. A press and release on one
 * category stays a click. The categories dragged over are shaded meanwhile. Mouse only: on a
 * touch screen a finger's drag scrolls the page. Returns what stops it.
 */
export function rangeDrag(
  instance: echarts.ECharts,
  onrange: () => ((categories: string[]) => void) | undefined,
): () => void {
  const zr = instance.getZr();
  let start: number | null = null;
  let end: number | null = null;
  let shade: echarts.graphic.Rect | null = null;
  // The axis' categories as the drag began (read once: getOption copies the whole option).
  let names: string[] = [];

  const categories = (): string[] => {
    const axis = (instance.getOption() as { xAxis?: Array<{ type?: string; data?: unknown[] }> })
      .xAxis?.[0];
    return axis?.type === 'category' ? (axis.data ?? []).map(String) : [];
  };
  const indexAt = (x: number, y: number): number | null => {
    if (!instance.containPixel({ gridIndex: 0 }, [x, y])) return null;
    const index = instance.convertFromPixel({ xAxisIndex: 0 }, x);
    return typeof index === 'number' && Number.isFinite(index) ? Math.round(index) : null;
  };
  const centre = (index: number) => instance.convertToPixel({ xAxisIndex: 0 }, index) as number;
  const hide = () => {
    if (shade) zr.remove(shade);
    shade = null;
  };
  const clear = () => {
    hide();
    start = end = null;
  };
  const draw = (a: number, b: number) => {
    const count = names.length;
    const band = count > 1 ? Math.abs(centre(1) - centre(0)) : instance.getWidth();
    const left = centre(Math.min(a, b)) - band / 2;
    const shape = {
      x: left,
      y: 0,
      width: (Math.abs(a - b) + 1) * band,
      height: instance.getHeight(),
    };
    if (shade) shade.setShape(shape);
    else {
      shade = new echarts.graphic.Rect({ shape, style: { fill: SHADE }, silent: true, z: 1000 });
      zr.add(shade);
    }
  };

  /** Whether the browser's event behind zrender's came from a mouse (not a finger or a pen). */
  const fromMouse = (native: Event | undefined) =>
    !native ||
    (!('touches' in native) && (!('pointerType' in native) || native.pointerType === 'mouse'));
  const down = (event: { offsetX: number; offsetY: number; event?: Event }) => {
    if (!onrange() || !fromMouse(event.event)) return;
    start = end = indexAt(event.offsetX, event.offsetY);
    if (start !== null) names = categories();
  };
  const move = (event: { offsetX: number; offsetY: number }) => {
    if (start === null) return;
    end = indexAt(event.offsetX, event.offsetY) ?? end;
    if (end !== null && end !== start) draw(start, end);
    else hide();
  };
  const up = () => {
    const [a, b] = [start, end];
    clear();
    if (a === null || b === null || a === b) return;
    onrange()?.(categoriesBetween(names, a, b));
  };
  zr.on('mousedown', down);
  zr.on('mousemove', move);
  zr.on('mouseup', up);
  zr.on('globalout', clear);
  return () => {
    clear();
    zr.off('mousedown', down);
    zr.off('mousemove', move);
    zr.off('mouseup', up);
    zr.off('globalout', clear);
  };
}
