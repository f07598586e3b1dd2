/**
 * Runs `work` when the main thread is next idle (within `timeout` ms at the latest), or soon where
 * the browser has no idle callbacks (Safari). Returns a cancel function.
 */
export function whenIdle(work: () => void, timeout = 300): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(work, { timeout });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(work, 1);
  return () => clearTimeout(id);
}
