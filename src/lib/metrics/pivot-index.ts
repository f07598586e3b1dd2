import type { Row } from '../db/database.ts';

/** The column a pivot read adds: each group's value of the filter field, as text. */
export const PIVOT = 'filter_pivot';

/**
 * A pivot read's rows, indexed once when it is run: each row's group (its keys but the pivot) and
 * pivot value as numbers, and each column that adds up as a typed array. A filter change then adds
 * numbers up without building a key per row, and what the page keeps between changes is a few
 * arrays and one object per group, not an object per row: tens of thousands of rows kept as
 * objects made the first change after they were read wait ~10 ms for the garbage collector to
 * move them.
 */
export class PivotIndex {
  private constructor(
    /** The read's columns, the pivot aside, in its order. */
    private readonly columns: readonly string[],
    /** Per column: its place among the sums, or -1 for a key. */
    private readonly sumOf: readonly number[],
    /** Per group: its keys' values. */
    private readonly groups: readonly Row[],
    /** Per row: its group. */
    private readonly groupOf: Int32Array,
    /** Per row: its pivot value's number, or -1 for null. */
    private readonly pivotOf: Int32Array,
    private readonly pivotValues: ReadonlyMap<string, number>,
    /** Per sum, per row: its value (0 where null). */
    private readonly sums: readonly Float64Array[],
    /** Per sum, per row: 1 where null. */
    private readonly nulls: readonly Uint8Array[],
  ) {}

  /** Indexes `rows`, whose columns named in `sums` add up across groups (the others key one). */
  static of(rows: readonly Row[], sums: readonly string[]): PivotIndex {
    const columns = Object.keys(rows[0] ?? {}).filter((column) => column !== PIVOT);
    const keys = columns.filter((column) => !sums.includes(column));
    const added = columns.filter((column) => sums.includes(column));
    const groupIds = new Map<string, number>();
    const groups: Row[] = [];
    const pivotValues = new Map<string, number>();
    const groupOf = new Int32Array(rows.length);
    const pivotOf = new Int32Array(rows.length);
    const values = added.map(() => new Float64Array(rows.length));
    const nulls = added.map(() => new Uint8Array(rows.length));
    rows.forEach((row, r) => {
      let key = '';
      for (const column of keys) key += `${row[column] === null ? '\u0001' : row[column]}\u0000`;
      let group = groupIds.get(key);
      if (group === undefined) {
        group = groups.length;
        groupIds.set(key, group);
        groups.push(Object.fromEntries(keys.map((column) => [column, row[column]!])));
      }
      groupOf[r] = group;
      const pivot = row[PIVOT];
      if (pivot === null || pivot === undefined) pivotOf[r] = -1;
      else {
        const text = String(pivot);
        let id = pivotValues.get(text);
        if (id === undefined) pivotValues.set(text, (id = pivotValues.size));
        pivotOf[r] = id;
      }
      added.forEach((column, s) => {
        const value = row[column];
        if (value === null || value === undefined) nulls[s]![r] = 1;
        else values[s]![r] = Number(value);
      });
    });
    const sumOf = columns.map((column) => added.indexOf(column));
    return new PivotIndex(columns, sumOf, groups, groupOf, pivotOf, pivotValues, values, nulls);
  }

  /**
   * The rows of the deals whose field is one of `values` (every deal when there are none), added
   * up by the other keys, in the order their groups first come among them: the read's rows under
   * that filter. As SQL's sum, nulls are left out and only nulls give null.
   */
  rollUp(values: readonly string[] | undefined): Row[] {
    // As `cohortWhere`, an empty list filters nothing out.
    let kept: Uint8Array | null = null;
    if (values?.length) {
      kept = new Uint8Array(this.pivotValues.size);
      for (const value of values) {
        const id = this.pivotValues.get(value);
        if (id !== undefined) kept[id] = 1;
      }
    }
    const width = this.sums.length;
    const totals = new Float64Array(this.groups.length * width);
    const counted = new Uint8Array(this.groups.length * width);
    const seen = new Uint8Array(this.groups.length);
    const order: number[] = [];
    for (let r = 0; r < this.groupOf.length; r++) {
      const pivot = this.pivotOf[r]!;
      if (kept && (pivot < 0 || kept[pivot] === 0)) continue;
      const group = this.groupOf[r]!;
      if (seen[group] === 0) {
        seen[group] = 1;
        order.push(group);
      }
      for (let s = 0; s < width; s++) {
        if (this.nulls[s]![r] === 1) continue;
        const at = group * width + s;
        totals[at] = totals[at]! + this.sums[s]![r]!;
        counted[at] = 1;
      }
    }
    return order.map((group) => {
      const row: Row = {};
      this.columns.forEach((column, c) => {
        const s = this.sumOf[c]!;
        if (s < 0) row[column] = this.groups[group]![column]!;
        else row[column] = counted[group * width + s] === 1 ? totals[group * width + s]! : null;
      });
      return row;
    });
  }
}
