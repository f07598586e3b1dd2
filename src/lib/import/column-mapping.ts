import { toSimplified } from './traditional-chinese.ts';
import {
  ACCOUNT_FIELDS,
  HISTORY_FIELDS,
  OPPORTUNITY_FIELDS,
  OWNER_FIELDS,
  type FieldKind,
} from '../model/schema.ts';
import { normalizeTerm, statusFromTerm } from './status-terms.ts';
import {
  ACCOUNT_SYNONYMS,
  DATE_SUFFIXES,
  DATE_WORDS,
  HISTORY_SYNONYMS,
  ID_WORDS,
  OPPORTUNITY_SYNONYMS,
  OWNER_SYNONYMS,
  PARTIAL_VETO,
  STAGE_DATE_STOPWORDS,
  type Synonyms,
} from './synonyms.ts';

export type MappingTarget = 'opportunities' | 'history' | 'accounts' | 'owners';

export interface ColumnMatch {
  /** The header exactly as in the file. */
  column: string;
  confidence: number;
}

/** Canonical field → matched header; fields not found are absent. */
export type ColumnMapping = Record<string, ColumnMatch>;

export interface StageDateColumn {
  column: string;
  stage: string;
  confidence: number;
}

export const MATCH_CONFIDENCE = { exact: 1, strong: 0.9, weak: 0.6, partial: 0.4 } as const;

const HAN = /\p{Script=Han}/u;
const QUOTES = /["'`“”‘’]/g;
const TRAILING_BRACKETS = /\s*[([【][^()[\]【】]*[)\]】]\s*$/u;

function stripTrailingBrackets(text: string): string {
  let rest = text;
  while (TRAILING_BRACKETS.test(rest)) {
    const shorter = rest.replace(TRAILING_BRACKETS, '');
    if (shorter === '') break;
    rest = shorter;
  }
  return rest;
}

function cleanHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .replace(/\p{Script=Han}+/gu, toSimplified)
    .replace(QUOTES, '')
    .trim();
}

export function normalizeHeader(header: string): string {
  return (
    stripTrailingBrackets(cleanHeader(header))
      .toLowerCase()
      // Salesforce custom fields: Region__c is a region.
      .replace(/__c$/, '')
      .replace(/[\s_\-.*?]+/g, '')
  );
}

function headerWords(header: string): string[] {
  return cleanHeader(header)
    .replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

interface FieldIndex {
  field: string;
  kind: FieldKind | undefined;
  tiers: Map<string, number>;
  contains: string[];
  unless: readonly string[];
}

function buildIndex(
  synonyms: Record<string, Synonyms>,
  specs: Record<string, { kind: FieldKind }>,
): FieldIndex[] {
  return Object.entries(synonyms).map(([field, s]) => {
    const tiers = new Map<string, number>();
    const add = (terms: readonly string[], confidence: number) => {
      for (const term of terms) {
        const key = normalizeHeader(term);
        if (!tiers.has(key)) tiers.set(key, confidence);
      }
    };
    add([field, ...s.exact], MATCH_CONFIDENCE.exact);
    add(s.strong ?? [], MATCH_CONFIDENCE.strong);
    add(s.weak ?? [], MATCH_CONFIDENCE.weak);
    return {
      field,
      kind: specs[field]?.kind,
      tiers,
      contains: (s.contains ?? []).map(normalizeHeader),
      unless: s.unless ?? [],
    };
  });
}

const INDEXES: Record<MappingTarget, FieldIndex[]> = {
  opportunities: buildIndex(OPPORTUNITY_SYNONYMS, OPPORTUNITY_FIELDS),
  history: buildIndex(HISTORY_SYNONYMS, HISTORY_FIELDS),
  accounts: buildIndex(ACCOUNT_SYNONYMS, ACCOUNT_FIELDS),
  owners: buildIndex(OWNER_SYNONYMS, OWNER_FIELDS),
};

interface Header {
  index: number;
  column: string;
  key: string;
  words: string[];
}

function hasTerm(header: Header, terms: readonly string[]): boolean {
  return terms.some((t) => (HAN.test(t) ? header.key.includes(t) : header.words.includes(t)));
}

interface Score {
  confidence: number;
  /** Among partial matches, the fragment ending last is the header's head noun. */
  end: number;
  /** The matched fragment's length, or the whole header's for a synonym match. */
  length: number;
}

function score(header: Header, field: FieldIndex): Score | null {
  const tier = field.tiers.get(header.key);
  // Between equal exact matches the longer header is the more specific: ForecastCategoryName.
  if (tier !== undefined) return { confidence: tier, end: 0, length: header.key.length };
  if (
    hasTerm(header, PARTIAL_VETO) ||
    hasTerm(header, field.unless) ||
    (field.kind !== 'date' && hasTerm(header, DATE_WORDS)) ||
    (field.kind !== 'text' && hasTerm(header, ID_WORDS))
  ) {
    return null;
  }
  let best: Score | null = null;
  for (const fragment of field.contains) {
    const at = header.key.lastIndexOf(fragment);
    if (at < 0) continue;
    const end = at + fragment.length;
    if (!best || end > best.end || (end === best.end && fragment.length > best.length)) {
      best = { confidence: MATCH_CONFIDENCE.partial, end, length: fragment.length };
    }
  }
  return best;
}

/**
 * Maps headers to canonical fields one-to-one: every (header, field) pair is scored and pairs are
 * taken best first, so a strong match elsewhere beats a weak one seen earlier in the file.
 */
export function mapColumns(headers: string[], target: MappingTarget): ColumnMapping {
  const fields = INDEXES[target];
  const candidates: Array<Score & { header: Header; field: string; order: number }> = [];
  headers.forEach((column, index) => {
    const key = normalizeHeader(column);
    if (key === '' || explicitStageText(column) !== null) return;
    const words = headerWords(column).map((w) => w.toLowerCase());
    const header = { index, column, key, words };
    fields.forEach((field, order) => {
      const s = score(header, field);
      if (s) candidates.push({ ...s, header, field: field.field, order });
    });
  });
  candidates.sort(
    (a, b) =>
      b.confidence - a.confidence ||
      b.end - a.end ||
      b.length - a.length ||
      a.header.index - b.header.index ||
      a.order - b.order,
  );
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  for (const c of candidates) {
    if (used.has(c.header.index) || c.field in mapping) continue;
    used.add(c.header.index);
    mapping[c.field] = { column: c.header.column, confidence: c.confidence };
  }
  return mapping;
}

const CJK_SCALES: ReadonlyArray<readonly [string, number]> = [
  ['亿', 1e8],
  ['千万', 1e7],
  ['百万', 1e6],
  ['十万', 1e5],
  ['万', 1e4],
  ['千', 1e3],
];

const WORD_SCALES = new Map<string, number>([
  ['k', 1e3],
  ['000', 1e3],
  ['000s', 1e3],
  ['thousand', 1e3],
  ['thousands', 1e3],
  ['m', 1e6],
  ['mm', 1e6],
  ['mn', 1e6],
  ['mio', 1e6],
  ['million', 1e6],
  ['millions', 1e6],
  ['b', 1e9],
  ['bn', 1e9],
  ['billion', 1e9],
  ['billions', 1e9],
]);

function unitScale(unit: string): number | undefined {
  if (HAN.test(unit)) return CJK_SCALES.find(([symbol]) => unit.includes(symbol))?.[1];
  for (const word of unit.toLowerCase().split(/[^a-z0-9]+/)) {
    const scale = WORD_SCALES.get(word);
    if (scale !== undefined) return scale;
  }
  return undefined;
}

/**
 * The unit a header declares for an amount column, e.g. '预计金额(万元)' → 10000,
 * 'Amount (K)' → 1000, 'Amount (in millions)' → 1e6; 1 when none.
 */
export function headerAmountScale(header: string): number {
  const text = cleanHeader(header);
  const units = [...text.matchAll(/[([【]([^()[\]【】]*)[)\]】]/gu)].map((m) => m[1] ?? '');
  const outside = text.replace(/[([【][^()[\]【】]*[)\]】]/gu, ' ').trim();
  const afterSlash = /\/([^/]+)$/.exec(outside)?.[1];
  if (afterSlash) units.push(afterSlash);
  const inWord = /\bin\s+([a-z]+)$/i.exec(outside)?.[1];
  if (inWord) units.push(inWord);
  const cjkSuffix = /(亿|千万|百万|十万|万|千)元$/u.exec(outside)?.[1];
  if (cjkSuffix) units.push(cjkSuffix);
  for (const unit of units) {
    const scale = unitScale(unit);
    if (scale !== undefined) return scale;
  }
  return 1;
}

const EXPLICIT_EN = /^(?:date\s+)?entered\s+(.+?)(?:\s+(?:date|time))?$/i;
const EXPLICIT_ZH = [/^进入(.+?)(?:阶段)?的?(?:时间|日期)$/u, /^(.+?)(?:阶段)?进入(?:时间|日期)$/u];
const IMPLIED_ZH = /^(.+?)(?:阶段)?(?:时间|日期)$/u;
const STEM_SUFFIXES = ['ication', 'ation', 'ing', 'ied', 'ies', 'ed', 'es', 's', 'y', 'e'];

/** The stage text of 'Date entered "X (Pipeline)"' or '进入X时间'; null for other headers. */
function explicitStageText(header: string): string | null {
  const text = cleanHeader(header);
  const match = EXPLICIT_EN.exec(text) ?? EXPLICIT_ZH.map((re) => re.exec(text)).find(Boolean);
  const stage = match?.[1] ? stripTrailingBrackets(match[1]).trim() : '';
  // 'Entered At' and 'Date entered current stage' name no stage.
  const named = contentWords(stage).some(
    (w) => !DATE_WORDS.includes(w) && !DATE_SUFFIXES.includes(w),
  );
  return named && normalizeTerm(stage) !== 'currentstage' ? stage : null;
}

function stem(word: string): string {
  const suffix = STEM_SUFFIXES.find((s) => word.endsWith(s) && word.length - s.length >= 3);
  return suffix ? word.slice(0, -suffix.length) : word;
}

function sameStem(a: string, b: string): boolean {
  const [x, y] = [stem(a), stem(b)];
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return x === y || (short.length >= 4 && long.startsWith(short));
}

function contentWords(text: string): string[] {
  return headerWords(text)
    .map((w) => w.toLowerCase())
    .filter((w) => !STAGE_DATE_STOPWORDS.includes(w));
}

/** The stage whose words the text's words all share stems with, covering most of it; unique. */
function stemMatch(text: string, stages: string[]): string | null {
  const words = contentWords(text);
  if (words.length === 0) return null;
  let best: string | null = null;
  let bestCover = 0;
  let tied = false;
  for (const stage of stages) {
    const stageWords = contentWords(stage);
    if (!words.every((w) => stageWords.some((s) => sameStem(w, s)))) continue;
    const cover = stageWords.filter((s) => words.some((w) => sameStem(w, s))).length;
    const share = cover / stageWords.length;
    if (share > bestCover) [best, bestCover, tied] = [stage, share, false];
    else if (share === bestCover) tied = true;
  }
  return tied ? null : best;
}

function resolveStage(
  text: string,
  stages: string[],
  exact: number,
  near: number,
): Omit<StageDateColumn, 'column'> | null {
  const key = normalizeTerm(text);
  const same = stages.find((s) => normalizeTerm(s) === key);
  if (same !== undefined) return { stage: same, confidence: exact };
  const stemmed = stemMatch(text, stages);
  if (stemmed !== null) return { stage: stemmed, confidence: near };
  const status = statusFromTerm(text);
  if (status !== 'won' && status !== 'lost') return null;
  const terminal = stages.find((s) => statusFromTerm(s) === status);
  return { stage: terminal ?? text, confidence: near };
}

/** The stage part of '<stage> date', 'engage_date', 'Deal - Won time', '赢单日期'. */
function impliedStageText(header: string): string | null {
  const text = stripTrailingBrackets(cleanHeader(header));
  if (HAN.test(text)) return IMPLIED_ZH.exec(text)?.[1] ?? null;
  const words = headerWords(text);
  const last = words.at(-1)?.toLowerCase() ?? '';
  const first = words[0]?.toLowerCase();
  let core: string[];
  if (DATE_WORDS.includes(last) || DATE_SUFFIXES.includes(last)) core = words.slice(0, -1);
  else if (first === 'date') core = words.slice(1);
  else return null;
  const kept = core.filter((w) => !STAGE_DATE_STOPWORDS.includes(w.toLowerCase()));
  return kept.length > 0 ? kept.join(' ') : null;
}

/** Headers that name a creation or close date, even when another header won the field. */
function dateFieldHeaders(headers: string[]): Set<string> {
  const mapping = mapColumns(headers, 'opportunities');
  const dateFields = INDEXES.opportunities.filter((f) => f.kind === 'date');
  const taken = new Set<string>();
  for (const f of dateFields) {
    const match = mapping[f.field];
    if (match) taken.add(match.column);
  }
  for (const header of headers) {
    const key = normalizeHeader(header);
    if (dateFields.some((f) => f.tiers.has(key))) taken.add(header);
  }
  return taken;
}

/**
 * Wide stage history: columns holding the date a deal entered a stage, e.g. HubSpot's
 * 'Date entered "Appointment scheduled (Sales Pipeline)"', '进入有效商机时间', or Maven's
 * 'engage_date' when a stage 'Engaging' is among stageNames. The stage comes from stageNames when
 * one matches, else it is the text parsed out of the header. Several columns may name one stage
 * (HubSpot repeats stage names across pipelines); the caller coalesces them.
 */
export function findStageDateColumns(headers: string[], stageNames: string[]): StageDateColumn[] {
  const taken = dateFieldHeaders(headers);
  const stages = [...new Set(stageNames)];
  const found: StageDateColumn[] = [];
  for (const column of headers) {
    if (taken.has(column)) continue;
    const explicit = explicitStageText(column);
    if (explicit !== null) {
      const resolved = resolveStage(explicit, stages, 1, 0.9) ?? {
        stage: explicit,
        confidence: 0.8,
      };
      found.push({ column, ...resolved });
      continue;
    }
    const implied = impliedStageText(column);
    const resolved = implied === null ? null : resolveStage(implied, stages, 0.9, 0.6);
    if (resolved) found.push({ column, ...resolved });
  }
  return found;
}
