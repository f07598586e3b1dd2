import { formatElapsed } from '../lib/i18n/format.ts';
import { translate } from '../lib/i18n/translate.ts';
import type { ProgressListener } from '../lib/import/import-dataset.ts';

/** Where the command line says what it is doing: standard error. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * Each phase of a run on a line of its own, after the time since `start` (a run over millions of
 * rows takes minutes). Only where a person watches: on a terminal; redirected, nothing is written.
 */
export function progressLines(stream: ProgressStream, start = performance.now()): ProgressListener {
  if (!stream.isTTY) return () => {};
  return (phase, file) => {
    const elapsed = formatElapsed(performance.now() - start).padStart(5);
    stream.write(`funnelcast ${elapsed}  ${translate('en', `import.phase.${phase}`, { file })}\n`);
  };
}
