import { ahp, combineLevels, type AhpResult } from './ahp.ts';
import { setupIndicators, type GradingSetup, type Indicator } from './grading-setup.ts';

/** One matrix's consistency, named: a group's name, or 'groups' for the group matrix. */
export interface MatrixConsistency extends AhpResult {
  matrix: string;
  /** The names of the matrix's rows and columns (indicators or group names). */
  labels: string[];
}

export interface GradingWeights {
  /** Global weight of each indicator of the setup (sums to 1). */
  weights: Partial<Record<Indicator, number>>;
  /** Each group's weight (a single group weighs 1). */
  groupWeights: Record<string, number>;
  /** Every matrix: the group matrix first when there are several groups, then each group's. */
  matrices: MatrixConsistency[];
  /** The matrix with the highest CR: the one that decides whether the judgements are acceptable. */
  worst: MatrixConsistency;
}

/**
 * AHP weights of a setup: local weights inside each group times the group weights. A setup with
 * one group is single-level; its group matrix is not read.
 */
export function gradingWeights(setup: GradingSetup): GradingWeights {
  const groups = setup.groups.map<MatrixConsistency>((g) => ({
    ...ahp(g.matrix),
    matrix: g.name,
    labels: g.indicators,
  }));
  const labels = setup.groups.map((g) => g.name);
  const top: MatrixConsistency =
    setup.groups.length > 1
      ? { ...ahp(setup.groupMatrix), matrix: 'groups', labels }
      : { ...ahp([[1]]), matrix: 'groups', labels };
  const global = combineLevels(
    top.weights,
    groups.map((g) => g.weights),
  );
  const weights: Partial<Record<Indicator, number>> = {};
  setupIndicators(setup).forEach((indicator, k) => (weights[indicator] = global[k] ?? 0));
  const matrices = setup.groups.length > 1 ? [top, ...groups] : groups;
  const worst = matrices.reduce((a, b) => (b.cr > a.cr ? b : a), matrices[0] ?? top);
  return {
    weights,
    groupWeights: Object.fromEntries(labels.map((name, g) => [name, top.weights[g] ?? 0])),
    matrices,
    worst,
  };
}
