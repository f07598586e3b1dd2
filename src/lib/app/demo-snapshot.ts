import type { Database } from '../db/database.ts';
import { ident } from '../db/sql.ts';
import type { ImportReport } from '../import/import-dataset.ts';

/**
 * The demo's DuckDB tables, ready-made: the page loads them in a few statements instead of
 * importing the demo's CSV (a hundred-odd statements that run DuckDB's code cold on a first visit).
 */
export interface DemoSnapshot {
  report: ImportReport;
  /** Every table, as an Arrow IPC stream, in the order they are loaded. */
  tables: Array<{ name: string; stream: Uint8Array }>;
}

interface Header {
  report: ImportReport;
  tables: Array<{ name: string; bytes: number }>;
}

/** One file: the header's length (4 bytes, little-endian), the header as JSON, then each stream. */
export function packSnapshot(snapshot: DemoSnapshot): Uint8Array {
  const header: Header = {
    report: snapshot.report,
    tables: snapshot.tables.map(({ name, stream }) => ({ name, bytes: stream.byteLength })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const size = 4 + json.byteLength + snapshot.tables.reduce((n, t) => n + t.stream.byteLength, 0);
  const packed = new Uint8Array(size);
  new DataView(packed.buffer).setUint32(0, json.byteLength, true);
  packed.set(json, 4);
  let at = 4 + json.byteLength;
  for (const { stream } of snapshot.tables) {
    packed.set(stream, at);
    at += stream.byteLength;
  }
  return packed;
}

export function unpackSnapshot(packed: Uint8Array): DemoSnapshot {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const length = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(packed.subarray(4, 4 + length))) as Header;
  let at = 4 + length;
  const tables = header.tables.map(({ name, bytes }) => {
    const stream = packed.slice(at, at + bytes);
    at += bytes;
    return { name, stream };
  });
  if (at !== packed.byteLength) {
    throw new Error(`demo snapshot: ${packed.byteLength - at} bytes past its last table`);
  }
  return { report: header.report, tables };
}

export async function loadSnapshotTables(db: Database, snapshot: DemoSnapshot): Promise<void> {
  if (!db.insertArrow) throw new Error('this database cannot load Arrow streams');
  for (const { name, stream } of snapshot.tables) {
    // A link's data that failed to load may have left some of these tables behind.
    await db.exec(`DROP TABLE IF EXISTS ${ident(name)}`);
    await db.insertArrow(name, stream);
  }
}
