import process from 'node:process';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPublish } from '../../src/cli/publish-command.ts';
import { parsePublishArgs } from '../../src/cli/parse-publish-args.ts';
import type { Database, Row } from '../../src/lib/db/database.ts';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import { defaultSetup } from '../../src/lib/metrics/grades/grading-setup.ts';
import { bundleReport, bundleState, indexPage } from '../../src/lib/publish/bundle-state.ts';
import { analysesKey, readPublishedAnalyses } from '../../src/lib/publish/published-analyses.ts';
import { HISTORY, OPPORTUNITIES } from '../../src/lib/publish/published-tables.ts';
import { siteFiles } from '../../src/lib/publish/site-files.ts';
import { writeParquet } from '../../src/lib/publish/write-parquet.ts';
import { crc32, packFile, zipFiles } from '../../src/lib/publish/zip.ts';
import { decodeState, defaultState, encodeState } from '../../src/lib/state/url-state.ts';
import { ENGINES } from '../helpers/engines.ts';
import { readZip } from '../helpers/read-zip.ts';

const folder = mkdtempSync(join(tmpdir(), 'funnelcast-publish-test-'));
const demoLines = (name: string) =>
  gunzipSync(readFileSync(`data/demo/${name}`))
    .toString('utf8')
    .trimEnd()
    .split('\n');
/** The demo's first 120 deals and their history: every column, small enough for DuckDB-WASM. */
const SAMPLE = 120;
const deals = demoLines('opportunities.csv.gz').slice(0, SAMPLE + 1);
const ids = new Set(deals.slice(1).map((line) => line.split(',')[0]));
const moves = demoLines('stage_history.csv.gz').filter(
  (line, i) => i === 0 || ids.has(line.split(',')[0]),
);
const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join('\n')}\n`);
const DEMO = {
  opportunities: { fileName: 'opportunities.csv', bytes: csv(deals) },
  history: { fileName: 'stage_history.csv', bytes: csv(moves) },
};
const hasUnzip = spawnSync('unzip', ['-v']).status === 0;

async function zipBytes(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

describe('crc32(bytes)', () => {
  it('gives the standard check value for "123456789"', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('zipFiles(entries)', () => {
  const random = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919 + (i >> 3) * 31) % 251);
  const entries = [
    { path: 'index.html', bytes: new TextEncoder().encode('<p>hello</p>'.repeat(200)) },
    { path: 'assets/random.bin', bytes: random },
    { path: 'data/空.txt', bytes: new Uint8Array(0) },
  ];

  it('holds every file with its bytes, deflated only where that is smaller', async () => {
    const zip = await zipBytes(await zipFiles(entries));
    const files = readZip(zip);
    expect([...files.keys()]).toEqual(entries.map((e) => e.path));
    for (const { path, bytes } of entries) expect(files.get(path)).toEqual(bytes);
    // 2,400 bytes of repeated markup deflate to far less; the archive is smaller than its files.
    expect(zip.length).toBeLessThan(2400 + 5000);
  });

  it('asks for every file to be packed at once and keeps their order, whichever is packed first', async () => {
    const asked: number[] = [];
    const finish: Array<() => void> = [];
    const pack = async (bytes: Uint8Array) => {
      asked.push(bytes.length);
      await new Promise<void>((resolve) => finish.push(resolve));
      return packFile(bytes);
    };
    const zipping = zipFiles(entries, { pack });
    await Promise.resolve();
    expect(asked).toEqual(entries.map((e) => e.bytes.length));
    for (const done of finish.reverse()) done();
    const files = readZip(await zipBytes(await zipping));
    expect([...files.keys()]).toEqual(entries.map((e) => e.path));
    for (const { path, bytes } of entries) expect(files.get(path)).toEqual(bytes);
  });

  it.runIf(hasUnzip)('passes unzip -t', async () => {
    const path = join(folder, 'test.zip');
    writeFileSync(path, await zipBytes(await zipFiles(entries)));
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toContain(
      'No errors detected',
    );
  });
});

describe('siteFiles(manifestJson, indexHtml)', () => {
  it('lists the chunks, styles and assets of the manifest and the page’s own links', () => {
    const manifest = JSON.stringify({
      'index.html': {
        file: 'assets/index-1.js',
        css: ['assets/index-2.css'],
        assets: ['assets/duckdb-eh-3.wasm', 'assets/worker-4.js'],
      },
      'src/lazy.ts': { file: 'assets/lazy-5.js', imports: ['index.html'] },
      'node_modules/x/duckdb-eh.wasm': { file: 'assets/duckdb-eh-3.wasm' },
    });
    const page = `<link rel="icon" href="./favicon.svg" /><script src="./assets/index-1.js"></script>
      <a href="https://example.com/x">x</a><a href="#top">top</a>`;
    expect(siteFiles(manifest, page)).toEqual([
      '.vite/manifest.json',
      'assets/duckdb-eh-3.wasm',
      'assets/index-1.js',
      'assets/index-2.css',
      'assets/lazy-5.js',
      'assets/worker-4.js',
      'favicon.svg',
    ]);
  });
});

describe('bundleState(state, omit, withHistory)', () => {
  const state = {
    ...defaultState(),
    view: 'funnel' as const,
    filter: { from: '2024-01-01', where: { owner: ['Ann'], region: ['East'] } },
    breakdown: 'owner' as const,
    recipe: {
      opportunities: { map: { amount: 'Value' } },
      statusValues: { Signed: 'won' as const },
    },
    source: { kind: 'file' as const, name: 'deals.csv', rows: 6, hash: 'a'.repeat(64) },
    dealTable: {
      sort: { column: 'owner' as const, direction: 'asc' as const },
      search: 'Ann',
      columns: ['id' as const, 'owner' as const, 'amount' as const],
    },
  };

  it('points at the bundled files and drops what names the omitted columns or other files', () => {
    const published = bundleState(state, ['owner'], true);
    expect(published.view).toBe('funnel');
    expect(bundleState({ ...state, view: 'data' }, [], true).view).toBe('overview');
    expect(published.filter).toEqual({ from: '2024-01-01', where: { region: ['East'] } });
    expect(published.breakdown).toBe(defaultState().breakdown);
    expect(published.recipe).toEqual({ statusValues: { Signed: 'won' } });
    expect(published.source).toEqual({
      kind: 'url',
      src: 'data/opportunities.parquet',
      history: 'data/stage_history.parquet',
    });
    expect(bundleState(state, [], false).source).toEqual({
      kind: 'url',
      src: 'data/opportunities.parquet',
    });
  });

  it('drops the deal search and the omitted deal columns, which could name what was left out', () => {
    expect(bundleState(state, ['owner'], true).dealTable).toEqual({
      sort: defaultState().dealTable.sort,
      search: '',
      columns: ['id', 'amount'],
    });
    expect(bundleState(state, [], true).dealTable).toEqual(state.dealTable);
  });

  it('writes a link that decodes to that state, and a page that opens it', async () => {
    const report = await bundleReport(state, ['owner'], true);
    expect(report.url).toBe(
      `app.html?src=data/opportunities.parquet&history=data/stage_history.parquet&analyses=data/analyses.json#${report.fragment}`,
    );
    const { state: decoded, notes } = await decodeState(report.fragment);
    expect(notes).toEqual([]);
    expect(decoded).toEqual(bundleState(state, ['owner'], true));
    const page = indexPage(report.url);
    expect(page).toContain(`location.replace(${JSON.stringify(report.url)})`);
    expect(page).toContain(`href="${report.url.replaceAll('&', '&amp;')}"`);
    expect(page).toContain('python3 -m http.server');
  });
});

/** The tables as the analyses read them, without the import's row numbers. */
async function tables(db: Database): Promise<{ opportunities: Row[]; history: Row[] }> {
  return {
    opportunities: await db.query('SELECT * EXCLUDE (_row) FROM opportunities ORDER BY id'),
    history: await db.query(
      `SELECT opportunity_id, stage, entered_ts, amount, close_date FROM stage_history
       ORDER BY opportunity_id, entered_ts, stage`,
    ),
  };
}

const blank = (rows: Row[], columns: string[]) =>
  rows.map((row) => ({ ...row, ...Object.fromEntries(columns.map((c) => [c, null])) }));

describe.each(ENGINES)('writeParquet(db, table, omit) on %s', (_name, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await importDataset(db, DEMO);
  }, 60_000);
  afterAll(async () => db.close());

  it('round-trips through the app’s own Parquet import, the omitted columns blank', async () => {
    const before = await tables(db);
    const omit = ['owner', 'account'];
    const opportunities = await writeParquet(db, OPPORTUNITIES, omit);
    const history = await writeParquet(db, HISTORY, omit);
    const again = await open();
    try {
      const report = await importDataset(again, {
        opportunities: { fileName: 'opportunities.parquet', bytes: opportunities },
        history: { fileName: 'stage_history.parquet', bytes: history },
      });
      expect(report.opportunities.format).toBe('parquet');
      expect(report.problemCount).toBe(0);
      const after = await tables(again);
      expect(after.opportunities).toHaveLength(SAMPLE);
      expect(after.opportunities).toEqual(blank(before.opportunities, omit));
      expect(after.history).toEqual(before.history);
    } finally {
      await again.close();
    }
  }, 60_000);
});

function fakeSite(): string {
  const site = join(folder, 'dist');
  mkdirSync(join(site, '.vite'), { recursive: true });
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(
    join(site, 'index.html'),
    '<link rel="icon" href="./favicon.svg"><script type="module" src="./assets/app.js"></script>',
  );
  writeFileSync(join(site, 'favicon.svg'), '<svg/>');
  writeFileSync(join(site, 'assets/app.js'), 'export {};');
  writeFileSync(join(site, 'assets/duckdb.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(
    join(site, '.vite/manifest.json'),
    JSON.stringify({ 'index.html': { file: 'assets/app.js', assets: ['assets/duckdb.wasm'] } }),
  );
  return site;
}

describe('runPublish(db, args, { site })', () => {
  const dealsFile = join(folder, 'deals.csv');
  const historyFile = join(folder, 'history.csv');
  writeFileSync(dealsFile, DEMO.opportunities.bytes);
  writeFileSync(historyFile, DEMO.history.bytes);

  it('writes the site, the data as Parquet written by native DuckDB, and the state', async () => {
    const out = join(folder, 'bundle');
    const db = await openNodeDatabase();
    try {
      const args = parsePublishArgs([
        dealsFile,
        '--history',
        historyFile,
        '--out',
        out,
        '--omit',
        'name,owner',
        '--link',
        'https://example.com/funnelcast/#v=1&vw=funnel&f.owner=Ann',
      ]);
      const heard: string[] = [];
      const progress = (phase: string, file: string) => heard.push(`${phase} ${file}`);
      const result = await runPublish(db, args, { site: fakeSite(), progress });
      expect(result.rows).toEqual({ opportunities: SAMPLE, history: moves.length - 1 });
      // The import's three phases a file and publishing, then the bundle's analyses and files.
      expect(heard.slice(6)).toEqual([
        'publishing deals.csv',
        'deriving deals.csv',
        'analysing deals.csv',
        `writing ${out}`,
      ]);
    } finally {
      await db.close();
    }
    for (const file of ['app.html', 'favicon.svg', 'assets/app.js', 'assets/duckdb.wasm']) {
      expect(existsSync(join(out, file))).toBe(true);
    }
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report).toMatchObject({
      data: { opportunities: 'data/opportunities.parquet', history: 'data/stage_history.parquet' },
      omitted: ['name', 'owner'],
    });
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain(JSON.stringify(report.url));
    const { state } = await decodeState(report.fragment);
    expect(state.view).toBe('funnel');
    // The link filtered by an owner: that filter would name what was left out.
    expect(state.filter).toEqual({});

    const again = await openNodeDatabase();
    try {
      const read = (path: string) => ({ fileName: path, bytes: readFileSync(join(out, path)) });
      const loaded = await importDataset(again, {
        opportunities: read(report.data.opportunities),
        history: read(report.data.history),
      });
      expect(loaded.opportunities.rows).toBe(SAMPLE);
      expect(loaded.problemCount).toBe(0);
      const [counts] = await again.query(
        'SELECT count(name)::INTEGER AS names, count(owner)::INTEGER AS owners, count(team)::INTEGER AS teams FROM opportunities',
      );
      expect(counts).toEqual({ names: 0, owners: 0, teams: SAMPLE });
    } finally {
      await again.close();
    }
  });

  it('writes every analysis at the state the bundle opens with, for a page it is too big for', async () => {
    // Lifecycle stages by their English names (the built-in model); the link filters on West:
    // C, open at Feasible (3rd of 4), and D, won. Neither has history, an amount or a close date.
    const lifecycle = join(folder, 'lifecycle.csv');
    writeFileSync(
      lifecycle,
      'id,stage,status,region,created_at\nA,Potential,open,East,2024-01-01\nB,Qualified,lost,East,2024-01-02\nC,Feasible,open,West,2024-01-03\nD,Won,won,West,2024-01-04\n',
    );
    const out = join(folder, 'analysed');
    const db = await openNodeDatabase();
    try {
      const link = '#v=1&vw=rates&f.region=West&fc.u=month';
      await runPublish(db, parsePublishArgs([lifecycle, '--out', out, '--link', link]), {
        site: fakeSite(),
      });
    } finally {
      await db.close();
    }
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.data.analyses).toBe('data/analyses.json');
    expect(report.url).toMatch(
      /^app\.html\?src=data\/opportunities\.parquet&analyses=data\/analyses\.json#/,
    );
    const analyses = readPublishedAnalyses(readFileSync(join(out, report.data.analyses), 'utf8'));
    // Keyed by the state the bundle's page opens with, as that page reads it from its link.
    const { state: opened } = await decodeState(report.url.split('#')[1]);
    expect(analyses.key).toBe(analysesKey(opened));
    expect(analyses.key).toMatch(/f\.region=West/);
    expect(analyses.rows).toEqual({ opportunities: 4, history: 0 });
    // The latest event: D's creation.
    expect(analyses.asOf).toBe('2024-01-04');
    // Both West deals reached Feasible; only D went on to Target. East's A and B are left out.
    expect(analyses.funnel.total).toBe(2);
    expect(analyses.funnel.stages.map((s) => [s.stage, s.reached, s.passRate])).toEqual([
      ['Potential', 2, 1],
      ['Qualified', 2, 1],
      ['Feasible', 2, 0.5],
      ['Target', 1, 1],
    ]);
    // Closed deals that reached each stage: D alone, won.
    expect(analyses.winRates.map((s) => [s.won, s.closed, s.rate])).toEqual([
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ]);
    // The default setup grades by indicators this export lacks: both deals go ungraded.
    expect(analyses.grades.graded + analyses.grades.ungraded).toBe(2);
    expect(analyses.grades.rows.map((row) => [row.grade, row.count])).toEqual([
      ['A', 0],
      ['B', 0],
      ['C', 0],
      ['D', 0],
    ]);
    // The link's monthly periods, from the as-of date's month; C has no amount to forecast.
    expect(analyses.forecast.unit).toBe('month');
    expect(analyses.forecast.periods[0]).toMatchObject({ period: '2024-01', weighted: 0 });
  });

  it('refuses a damaged --link before it writes anything', async () => {
    const db = await openNodeDatabase();
    try {
      const args = parsePublishArgs([dealsFile, '--out', join(folder, 'x'), '--link', '#v=9']);
      await expect(runPublish(db, args, { site: fakeSite() })).rejects.toThrow(
        /--link: link version 9/,
      );
    } finally {
      await db.close();
    }
  });

  it('refuses a --link whose grading asks for a stage past the data, and writes nothing', async () => {
    const out = join(folder, 'late-scope');
    const grading = { ...defaultSetup(['amount', 'urgency']), scopeStage: 5 };
    const link = `#${await encodeState({ ...defaultState(), grading })}`;
    const db = await openNodeDatabase();
    try {
      const args = parsePublishArgs([dealsFile, '--out', out, '--link', link]);
      // The demo's four stages.
      await expect(runPublish(db, args, { site: fakeSite() })).rejects.toThrow(
        /^--link: scopeStage: 5 is past the last open stage \(4\)$/,
      );
    } finally {
      await db.close();
    }
    expect(existsSync(out)).toBe(false);
  });

  it('says to build the site first when there is none, and writes nothing', async () => {
    const out = join(folder, 'no-site');
    const db = await openNodeDatabase();
    try {
      const args = parsePublishArgs([dealsFile, '--out', out]);
      await expect(runPublish(db, args, { site: join(folder, 'missing') })).rejects.toThrow(
        /run `npm run build` first/,
      );
    } finally {
      await db.close();
    }
    expect(existsSync(out)).toBe(false);
  });
});

describe('funnelcast publish', () => {
  function funnelcast(...args: string[]) {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      encoding: 'utf8',
    });
    return { code: result.status, stderr: result.stderr };
  }

  it('exits 2 with one line on a missing input, leaving no folder behind', () => {
    const out = join(folder, 'never');
    const { code, stderr } = funnelcast('publish', join(folder, 'nope.csv'), '--out', out);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('nope.csv: cannot read the file');
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 on an unknown column to omit', () => {
    const { code, stderr } = funnelcast('publish', 'x.csv', '--out', 'y', '--omit', 'amount');
    expect(code).toBe(2);
    expect(stderr).toContain('--omit expects some of name, account, owner, team, got "amount"');
  });
});
