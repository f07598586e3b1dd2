import { FILE_ROLES, type RoleGuess, type SetupRole } from './guess-role.ts';

/** Why a file the user has not set is left out of the import. */
export type UnusedReason =
  | { kind: 'leads' }
  | { kind: 'nothing' }
  /** Another file (its index among those given) fits the role this one was guessed for as well or better. */
  | { kind: 'weaker'; other: number }
  /** Another file was set by hand to the role this one was guessed for. */
  | { kind: 'displaced'; other: number };

export interface RoleAssignment {
  role: SetupRole;
  unusedBecause: UnusedReason | null;
}

export interface FileForRoles {
  guess: RoleGuess;
  /** The role the user set by hand, which nothing here changes. */
  chosen: SetupRole | null;
}

/**
 * Gives the dropped files one role each, as an import reads one file of each kind. A role the
 * user set stays; of the files guessed for a role, the one whose headers fit it best takes it (a
 * role set by hand takes it from them all) and the others are left out, so that dropping a whole
 * export folder (its deals beside its products, leads and campaigns) needs no fixing by hand.
 * Where no file holds the opportunities, the one most like them is taken for them, so that a file
 * dropped alone shows what its mapping lacks.
 */
export function assignRoles(files: readonly FileForRoles[]): RoleAssignment[] {
  const out: RoleAssignment[] = files.map((f) => ({
    role: f.chosen ?? f.guess.role,
    unusedBecause: null,
  }));
  const free = (i: number) => files[i]!.chosen === null;
  for (const role of FILE_ROLES) {
    const holders = out.flatMap((a, i) => (a.role === role ? [i] : []));
    if (holders.length < 2) continue;
    const keep =
      holders.find((i) => !free(i)) ??
      holders.reduce((best, i) =>
        files[i]!.guess.strength > files[best]!.guess.strength ? i : best,
      );
    const kind = free(keep) ? 'weaker' : 'displaced';
    for (const i of holders) {
      if (i !== keep && free(i)) out[i] = { role: 'unused', unusedBecause: { kind, other: keep } };
    }
  }
  if (!out.some((a) => a.role === 'opportunities')) {
    const candidates = out.flatMap((a, i) => (a.role === 'unused' && free(i) ? [i] : []));
    if (candidates.length > 0) {
      const most = candidates.reduce((best, i) =>
        files[i]!.guess.dealStrength > files[best]!.guess.dealStrength ? i : best,
      );
      out[most] = { role: 'opportunities', unusedBecause: null };
    }
  }
  return out.map((a, i) =>
    a.role === 'unused' && free(i) && a.unusedBecause === null
      ? { role: 'unused', unusedBecause: { kind: files[i]!.guess.leads ? 'leads' : 'nothing' } }
      : a,
  );
}
