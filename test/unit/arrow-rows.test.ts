import {
  DataType,
  DateMillisecond,
  Float64,
  Int32,
  Int64,
  makeVector,
  RecordBatch,
  Table,
  Utf8,
  vectorFromArray,
  Bool,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { arrowRows } from '../../src/lib/db/arrow-rows.ts';

/** A table of two record batches, so every column is read across chunks. */
function twoBatches(
  columns: Record<string, [unknown[], unknown[]]>,
  types: Record<string, DataType>,
) {
  const batch = (part: 0 | 1) =>
    new RecordBatch(
      Object.fromEntries(
        Object.entries(columns).map(([name, parts]) => [
          name,
          vectorFromArray(parts[part], types[name]!).data[0]!,
        ]),
      ),
    );
  return new Table([batch(0), batch(1)]);
}

describe('arrowRows(table)', () => {
  it('reads numbers, nulls and text across chunks', () => {
    const table = twoBatches(
      {
        n: [
          [1, null, 3],
          [null, 5],
        ],
        x: [
          [0.5, 1.5, null],
          [2.5, 3.5],
        ],
        id: [
          ['a1', '', null],
          ['B-22', 'c3'],
        ],
      },
      { n: new Int32(), x: new Float64(), id: new Utf8() },
    );
    expect(arrowRows(table)).toEqual([
      { n: 1, x: 0.5, id: 'a1' },
      { n: null, x: 1.5, id: '' },
      { n: 3, x: null, id: null },
      { n: null, x: 2.5, id: 'B-22' },
      { n: 5, x: 3.5, id: 'c3' },
    ]);
  });

  it('decodes text that is not ASCII, beside ASCII in the same column', () => {
    const table = twoBatches(
      {
        name: [
          ['华东', 'Zürich', null],
          ['plain', '销售 · 线索'],
        ],
      },
      { name: new Utf8() },
    );
    expect(arrowRows(table).map((r) => r.name)).toEqual([
      '华东',
      'Zürich',
      null,
      'plain',
      '销售 · 线索',
    ]);
  });

  it('reads a slice of a chunk from its own first value', () => {
    const ids = vectorFromArray(['skip', 'x', null, 'y', 'z'], new Utf8()).slice(1, 4);
    const counts = makeVector(new Int32Array([9, 7, 8, 6, 5])).slice(1, 4);
    const table = new Table({ id: ids, n: counts });
    expect(arrowRows(table)).toEqual([
      { id: 'x', n: 7 },
      { id: null, n: 8 },
      { id: 'y', n: 6 },
    ]);
  });

  it('turns dates into YYYY-MM-DD, 64-bit integers into numbers, and keeps booleans', () => {
    const day = Date.UTC(2024, 2, 31);
    const table = new Table({
      d: vectorFromArray([new Date(day), null, new Date(day)], new DateMillisecond()),
      big: vectorFromArray([10n, null, -3n], new Int64()),
      ok: vectorFromArray([true, null, false], new Bool()),
    });
    expect(arrowRows(table)).toEqual([
      { d: '2024-03-31', big: 10, ok: true },
      { d: null, big: null, ok: null },
      { d: '2024-03-31', big: -3, ok: false },
    ]);
  });
});
