import tablesUrl from '../../../data/demo/tables.bin.gz?url';
import { unpackSnapshot, type DemoSnapshot } from './demo-snapshot.ts';
import { fetchUnzipped } from './fetch-bytes.ts';

/** Fetches the bundled demo's tables, served by the site itself. */
export async function loadDemo(): Promise<DemoSnapshot> {
  return unpackSnapshot(await fetchUnzipped(tablesUrl));
}
