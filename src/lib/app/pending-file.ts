import { detectFileFormat } from '../import/file-format.ts';
import { headerSignature } from '../import/header-signature.ts';
import type { UnusedReason } from '../import/assign-roles.ts';
import { guessRole, type RoleGuess, type SetupRole } from '../import/guess-role.ts';
import type { FileRecipe } from '../import/import-options.ts';
import { prepareFile, type PreparedFile } from '../import/prepare-file.ts';

/** A file the user dropped, read far enough to show its columns before anything is loaded. */
export interface PendingFile {
  id: number;
  file: File;
  /** Settled across all the dropped files by `assignRoles`. */
  role: SetupRole;
  guess: RoleGuess;
  /** Set by hand in the file's setup, so that settling the roles keeps it. */
  roleChosen: boolean;
  unusedBecause: UnusedReason | null;
  prepared: PreparedFile;
  recipe: FileRecipe;
  signature: string;
  remembered: boolean;
}

/**
 * Text files are previewed from their first megabyte. A workbook or Parquet file is needed whole
 * (its index is at the end), but only the rows the preview shows are decoded.
 */
const PREVIEW_BYTES = 1024 * 1024;

export async function previewFile(file: File, recipe: FileRecipe): Promise<PreparedFile> {
  const head = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
  const options = { ...recipe, preview: true };
  if (file.size <= PREVIEW_BYTES) return prepareFile(file.name, head, options);
  const bytes =
    detectFileFormat(file.name, head) === 'csv'
      ? cutAtLastLine(head)
      : new Uint8Array(await file.arrayBuffer());
  return prepareFile(file.name, bytes, options);
}

function cutAtLastLine(bytes: Uint8Array): Uint8Array {
  const end = bytes.lastIndexOf(0x0a);
  return end > 0 ? bytes.subarray(0, end + 1) : bytes;
}

export function describePending(
  id: number,
  file: File,
  prepared: PreparedFile,
  recalled: FileRecipe['map'] | null,
): PendingFile {
  return {
    id,
    file,
    role: 'unused',
    guess: guessRole(prepared.headers),
    roleChosen: false,
    unusedBecause: null,
    prepared,
    recipe: recalled ? { map: recalled } : {},
    signature: headerSignature(prepared.headers),
    remembered: recalled !== null,
  };
}
