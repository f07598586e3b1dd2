import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** Bump when the generated data changes: files of an older version are written again. */
const GENERATOR_VERSION = 1;

export interface BenchExport {
  rows: number;
  historyRows: number;
  csv: { opportunities: string; history: string };
  parquet: { opportunities: string; history: string };
}

/** mulberry32: a small, fast, seeded PRNG, so every run writes the same bytes. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = ['North America', 'EMEA', 'APAC', 'LATAM', 'DACH', 'Nordics'];
const INDUSTRIES = ['Manufacturing', 'Retail', 'Healthcare', 'Finance', 'Energy', 'Logistics'];
const MORE_INDUSTRIES = ['Software', 'Education', 'Public Sector', 'Telecom', 'Media', 'Food'];
const SOURCES = ['Inbound', 'Outbound', 'Partner', 'Referral', 'Event', 'Web', 'Cold Call'];
const PRODUCTS = ['Core Platform', 'Analytics', 'Integration Hub', 'Mobile', 'Support Plus'];
const MORE_PRODUCTS = ['Data Lake', 'Security Suite', 'Onboarding', 'API Access', 'Training'];
const FIRST = ['Anna', 'Ben', 'Chen', 'Dana', 'Eli', 'Fatima', 'Gus', 'Hiro', 'Ines', 'Jon'];
const LAST = ['Smith', 'Garcia', 'Wang', 'Müller', 'Rossi', 'Kim', 'Novak', 'Silva', 'Okafor'];
const WORDS = ['Acme', 'Blue', 'Nova', 'Apex', 'Summit', 'Pioneer', 'Cedar', 'Orion', 'Delta'];
const KINDS = ['Robotics', 'Foods', 'Logistics', 'Health', 'Energy', 'Systems', 'Textiles'];
const SUFFIXES = ['Ltd', 'Inc.', 'GmbH', 'S.A.', 'LLC', '& Sons, Inc.'];
/** Open stages in order, with the CRM's probability for each. */
const STAGES: Array<[string, number]> = [
  ['Prospecting', 10],
  ['Qualification', 20],
  ['Needs Analysis', 40],
  ['Proposal', 60],
  ['Negotiation', 80],
];
const DAY = 86_400_000;
const START = Date.UTC(2022, 0, 1);

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)]!;
const isoDate = (millis: number) => new Date(millis).toISOString().slice(0, 10);
const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** Writes text in large chunks: a 1M-row export never sits in memory whole. */
class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;
  private readonly fd: number;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  line(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 4_000_000) this.flush();
  }
  flush(): void {
    writeSync(this.fd, this.parts.join('\n') + '\n');
    this.parts = [];
    this.size = 0;
  }
  close(): void {
    if (this.parts.length > 0) this.flush();
    closeSync(this.fd);
  }
}

/** One opportunity row plus its stage history (~4 entries: the stages it passed, then its outcome). */
function writeCsv(rows: number, opportunitiesPath: string, historyPath: string): number {
  const random = prng(20_261_108 + rows);
  const accounts = Array.from({ length: Math.max(50, Math.round(rows / 20)) }, (_, i) =>
    [pick(random, WORDS), pick(random, KINDS), i % 7 === 0 ? String(i) : '', pick(random, SUFFIXES)]
      .filter(Boolean)
      .join(' '),
  );
  const owners = Array.from({ length: 240 }, () => `${pick(random, FIRST)} ${pick(random, LAST)}`);
  const industries = [...INDUSTRIES, ...MORE_INDUSTRIES];
  const products = [...PRODUCTS, ...MORE_PRODUCTS];
  const opp = new ChunkedWriter(opportunitiesPath);
  const hist = new ChunkedWriter(historyPath);
  opp.line(
    'id,name,account,owner,region,industry,source,product,amount,currency,created_at,close_date,stage,status,probability',
  );
  hist.line('opportunity_id,stage,entered_at');
  let historyRows = 0;
  const lastDay = Date.UTC(2025, 11, 31);
  for (let i = 1; i <= rows; i++) {
    const id = `OPP-${String(i).padStart(7, '0')}`;
    const account = pick(random, accounts);
    const product = pick(random, products);
    const created = START + Math.floor(random() * 1400) * DAY;
    const age = Math.floor((lastDay - created) / DAY);
    // Deals reach stage k with a falling chance; older deals are more likely closed.
    let reached = 0;
    while (reached < STAGES.length - 1 && random() < 0.78) reached++;
    const closed = age > 60 && random() < Math.min(0.9, age / 400);
    const won = closed && random() < 0.1 + reached * 0.1;
    const span = Math.max(reached + 2, Math.floor(10 + random() * Math.min(age, 300)));
    const close = created + span * DAY;
    const [openStage, openProbability] = STAGES[reached]!;
    const stage = closed ? (won ? 'Closed Won' : 'Closed Lost') : openStage;
    const status = closed ? (won ? 'won' : 'lost') : 'open';
    const probability = closed ? (won ? 100 : 0) : openProbability;
    const amount =
      random() < 0.02 ? '' : String(Math.round(Math.exp(8 + random() * 4.5) / 100) * 100);
    const currency = random() < 0.9 ? 'USD' : random() < 0.7 ? 'EUR' : 'GBP';
    opp.line(
      [
        id,
        quote(`${account} – ${product}`),
        quote(account),
        pick(random, owners),
        pick(random, REGIONS),
        pick(random, industries),
        pick(random, SOURCES),
        product,
        amount,
        currency,
        isoDate(created),
        isoDate(close),
        stage,
        status,
        String(probability),
      ].join(','),
    );
    const entries = closed ? reached + 2 : reached + 1;
    for (let k = 0; k < entries; k++) {
      const at = created + Math.floor(((span - 1) * k) / Math.max(1, entries - 1)) * DAY;
      const name = k <= reached ? STAGES[k]![0] : stage;
      hist.line(`${id},${name},${isoDate(k === entries - 1 && closed ? close : at)}`);
    }
    historyRows += entries;
  }
  opp.close();
  hist.close();
  return historyRows;
}

const OPPORTUNITY_TYPES = `{'id': 'VARCHAR', 'name': 'VARCHAR', 'account': 'VARCHAR', 'owner': 'VARCHAR',
  'region': 'VARCHAR', 'industry': 'VARCHAR', 'source': 'VARCHAR', 'product': 'VARCHAR',
  'amount': 'DOUBLE', 'currency': 'VARCHAR', 'created_at': 'DATE', 'close_date': 'DATE',
  'stage': 'VARCHAR', 'status': 'VARCHAR', 'probability': 'INTEGER'}`;
const HISTORY_TYPES = `{'opportunity_id': 'VARCHAR', 'stage': 'VARCHAR', 'entered_at': 'DATE'}`;

/** Parquet as a CRM or warehouse writes it: typed columns, Snappy (the codec hyparquet reads). */
async function writeParquet(exp: BenchExport): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  for (const [csv, parquet, types] of [
    [exp.csv.opportunities, exp.parquet.opportunities, OPPORTUNITY_TYPES],
    [exp.csv.history, exp.parquet.history, HISTORY_TYPES],
  ] as const) {
    await connection.run(
      `COPY (SELECT * FROM read_csv('${csv}', header = true, auto_detect = false, columns = ${types}))
       TO '${parquet}' (FORMAT parquet, COMPRESSION snappy)`,
    );
  }
  connection.closeSync();
  instance.closeSync();
}

/** Writes (or reuses, when this generator version already wrote them) the exports of `rows` deals. */
export async function generateExport(folder: string, rows: number): Promise<BenchExport> {
  mkdirSync(folder, { recursive: true });
  const base = join(folder, `opps-${rows}`);
  const exp: BenchExport = {
    rows,
    historyRows: 0,
    csv: { opportunities: `${base}.csv`, history: `${base}-history.csv` },
    parquet: { opportunities: `${base}.parquet`, history: `${base}-history.parquet` },
  };
  const stamp = `${base}.done.json`;
  if (existsSync(stamp)) {
    const done = JSON.parse(readFileSync(stamp, 'utf8')) as {
      version: number;
      historyRows: number;
    };
    if (done.version === GENERATOR_VERSION) return { ...exp, historyRows: done.historyRows };
  }
  exp.historyRows = writeCsv(rows, exp.csv.opportunities, exp.csv.history);
  await writeParquet(exp);
  writeFileSync(
    stamp,
    JSON.stringify({ version: GENERATOR_VERSION, historyRows: exp.historyRows }),
  );
  return exp;
}
