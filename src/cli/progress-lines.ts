import { formatElapsed } from '../lib/i18n/format.ts';
import { translate } from '../lib/i18n/translate.ts';
import type { ImportPhase } from '../lib/import/import-dataset.ts';

/**
 * The command line's phases: the import's, then the analyses its JSON or bundle holds, then for a
 * bundle its writing (`file` is then the folder).
 */
export type RunPhase = ImportPhase | 'analysing' | 'writing';
export type RunProgress = (phase: RunPhase, file: string) => void;

/** Where the command line says what it is doing: standard error. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

function says(phase: RunPhase, file: string): string {
  if (phase === 'analysing') return 'Computing every analysis';
  if (phase === 'writing') return `Writing the bundle into ${file}`;
  return translate('en', `import.phase.${phase}`, { file });
}

/**
 * Each phase of a run on a line of its own, after the time since `start` (a run over millions of
 * rows takes minutes). Only where a person watches: on a terminal; redirected, nothing is written.
 */
export function progressLines(stream: ProgressStream, start = performance.now()): RunProgress {
  if (!stream.isTTY) return () => {};
  return (phase, file) => {
    const elapsed = formatElapsed(performance.now() - start).padStart(5);
    stream.write(`funnelcast ${elapsed}  ${says(phase, file)}\n`);
  };
}
