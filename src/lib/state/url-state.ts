/**
 * The report state as a URL fragment, and back (issue 7, "Links that reproduce a report").
 *
 * Plain form, for small states:   v=1&vw=funnel&so=1&f.region=East,West&from=2024-01-01
 *   Values are percent-encoded (`:`, `/`, `@`, `$`, `?` left readable); list items too, so a comma
 *   inside a value stays a value. See `WireForm` for how each registry entry is written.
 * Compressed form, when the plain one is longer than COMPRESS_ABOVE characters and the compressed
 * one is shorter:                  v=1&z=<base64url(deflate-raw(JSON))>
 *   The JSON is one object, short key → wire value, the same wire values as the plain form.
 *
 * Only non-default values are written (the default state is the empty fragment). `v` is always
 * first and always present otherwise. Works in browsers and Node ≥ 20 (CompressionStream,
 * TextEncoder, atob/btoa), with no Node imports.
 */
import {
  NoteList,
  REGISTRY,
  REGISTRY_BY_KEY,
  defaultState,
  safeName,
  type RegistryEntry,
  type ReportState,
  type StateNote,
} from './url-state-schema.ts';
import { concatBytes } from '../import/concat-bytes.ts';

export {
  DEFAULT_STATE,
  REGISTRY,
  defaultState,
  type ReportSource,
  type ReportState,
  type ReportView,
  type StateNote,
  type StateNoteCode,
} from './url-state-schema.ts';

export const STATE_VERSION = 1;
/** Fragments longer than this are refused outright. */
export const MAX_FRAGMENT = 64 * 1024;
/** Decompressed JSON longer than this is refused (a small link must not inflate to megabytes). */
export const MAX_JSON = 256 * 1024;
/** Plain fragments longer than this are compressed. */
export const COMPRESS_ABOVE = 200;

const VERSION_KEY = 'v';
const PACKED_KEY = 'z';

// ---------------------------------------------------------------------------------------------
// Text, bytes, base64url, deflate-raw

function enc(text: string): string {
  return encodeURIComponent(text).replace(/%(?:3A|2F|40|24|3F)/g, decodeURIComponent);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const base64 = text.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function deflate(text: string): Promise<Uint8Array> {
  const stream = new Blob([new TextEncoder().encode(text)])
    .stream()
    .pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates at most `max` bytes: the text, 'too_long', or null when the data is not deflate. */
async function inflate(bytes: Uint8Array, max: number): Promise<string | 'too_long' | null> {
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  // Errors surface on the reading side; these promises only need handling.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > max) {
        await reader.cancel().catch(() => {});
        return 'too_long';
      }
      chunks.push(value);
    }
  } catch {
    return null;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(concatBytes(chunks));
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding

function plainParams(entry: RegistryEntry, state: ReportState): string[] {
  switch (entry.form) {
    case 'text': {
      const value = entry.write(state);
      return value === undefined ? [] : [`${entry.key}=${enc(value)}`];
    }
    case 'json': {
      const value = entry.write(state);
      return value === undefined ? [] : [`${entry.key}=${enc(JSON.stringify(value))}`];
    }
    case 'dict': {
      const value = entry.write(state);
      return Object.entries(value ?? {}).map(([sub, v]) => `${entry.key}.${enc(sub)}=${enc(v)}`);
    }
    case 'dict-list': {
      const value = entry.write(state);
      return Object.entries(value ?? {}).map(
        ([sub, list]) => `${entry.key}.${enc(sub)}=${list.map(enc).join(',')}`,
      );
    }
  }
}

/**
 * A state's non-default values as plain link parameters, never compressed: the same text for the
 * same state wherever it is written ('' for the defaults).
 */
export function plainState(state: ReportState): string {
  return REGISTRY.flatMap((entry) => plainParams(entry, state)).join('&');
}

/**
 * The URL fragment (without '#') for a state: only non-default values, short keys from one
 * registry; the plain form, or `v=1&z=` + base64url(deflate-raw(JSON)) when the plain form is
 * longer than COMPRESS_ABOVE characters and compressing makes it shorter. '' for the defaults.
 */
export async function encodeState(state: ReportState): Promise<string> {
  const params = plainState(state);
  if (params === '') return '';
  const plain = `${VERSION_KEY}=${STATE_VERSION}&${params}`;
  if (plain.length <= COMPRESS_ABOVE) return plain;
  const wire: Record<string, unknown> = {};
  for (const entry of REGISTRY) {
    const value = entry.write(state);
    if (value !== undefined) wire[entry.key] = value;
  }
  const packed = `${VERSION_KEY}=${STATE_VERSION}&${PACKED_KEY}=${toBase64Url(
    await deflate(JSON.stringify(wire)),
  )}`;
  return packed.length < plain.length ? packed : plain;
}

// ---------------------------------------------------------------------------------------------
// Decoding

export interface DecodedState {
  state: ReportState;
  /** Short English sentences, one per problem (the same as `details[i].message`). */
  notes: string[];
  /** The same notes with codes, for translated messages. */
  details: StateNote[];
}

class Refused extends Error {}

/** Reads the plain parameters: raw key → raw value, first occurrence wins. */
function splitParams(fragment: string, notes: NoteList): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of fragment.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    if (params.has(key)) {
      notes.add('bad_value', `key ${safeName(key)} repeated: first value used`, tokenKey(key));
    } else {
      params.set(key, value);
    }
  }
  return params;
}

/** A key for `StateNote.key`, only when it is a short safe token. */
function tokenKey(key: string): string | undefined {
  return /^[A-Za-z0-9_.-]{1,40}$/.test(key) ? key : undefined;
}

function unknownKey(key: string, notes: NoteList): void {
  notes.add('unknown_key', `unknown key ${safeName(key)} ignored`, tokenKey(key));
}

function checkVersion(params: Map<string, string>, notes: NoteList): void {
  const version = params.get(VERSION_KEY);
  if (version === undefined) {
    notes.add('bad_version', 'link has no version: defaults used', VERSION_KEY);
    throw new Refused();
  }
  if (!/^\d{1,6}$/.test(version)) {
    notes.add('bad_version', 'link version is not a number: defaults used', VERSION_KEY);
    throw new Refused();
  }
  const n = Number(version);
  if (n > STATE_VERSION) {
    notes.add('bad_version', `link version ${n} is newer than this app: defaults used`, 'v');
    throw new Refused();
  }
  if (n !== STATE_VERSION) {
    notes.add('bad_version', `link version ${n} is not supported: defaults used`, 'v');
    throw new Refused();
  }
}

/** The wire values of the plain form, per registry key (dicts gathered from `k.sub` keys). */
function plainWire(params: Map<string, string>, notes: NoteList): Map<string, unknown> {
  const wire = new Map<string, unknown>();
  const badEncoding = new Set<string>();
  for (const [rawKey, rawValue] of params) {
    if (rawKey === VERSION_KEY) continue;
    const dot = rawKey.indexOf('.');
    const key = dot < 0 ? rawKey : rawKey.slice(0, dot);
    const entry = REGISTRY_BY_KEY.get(key);
    const isDict = entry?.form === 'dict' || entry?.form === 'dict-list';
    if (!entry || isDict !== dot >= 0) {
      unknownKey(rawKey, notes);
      continue;
    }
    try {
      if (entry.form === 'text') wire.set(key, decodeURIComponent(rawValue));
      else if (entry.form === 'json') wire.set(key, JSON.parse(decodeURIComponent(rawValue)));
      else {
        const record = (wire.get(key) as Record<string, unknown> | undefined) ?? {};
        const sub = decodeURIComponent(rawKey.slice(dot + 1));
        const value =
          entry.form === 'dict'
            ? decodeURIComponent(rawValue)
            : rawValue.split(',').map(decodeURIComponent);
        // defineProperty: a sub key "__proto__" becomes a plain own key the reader then refuses.
        Object.defineProperty(record, sub, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        wire.set(key, record);
      }
    } catch {
      badEncoding.add(key);
    }
  }
  for (const key of badEncoding) {
    const entry = REGISTRY_BY_KEY.get(key);
    wire.delete(key);
    notes.add('bad_value', `bad encoding for ${key} (${entry?.label}): ignored`, key);
  }
  return wire;
}

async function packedWire(packed: string, notes: NoteList): Promise<Map<string, unknown>> {
  const bytes = fromBase64Url(packed);
  if (!bytes) {
    notes.add('malformed', 'compressed link is not base64url: defaults used', PACKED_KEY);
    throw new Refused();
  }
  const text = await inflate(bytes, MAX_JSON);
  if (text === 'too_long') {
    notes.add('too_long', `compressed link unpacks to more than ${MAX_JSON} bytes: defaults used`);
    throw new Refused();
  }
  if (text === null) {
    notes.add('malformed', 'compressed link is damaged or cut short: defaults used', PACKED_KEY);
    throw new Refused();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    notes.add('malformed', 'compressed link does not hold a state: defaults used', PACKED_KEY);
    throw new Refused();
  }
  const wire = new Map<string, unknown>();
  for (const [key, value] of Object.entries(json)) {
    if (REGISTRY_BY_KEY.has(key)) wire.set(key, value);
    else unknownKey(key, notes);
  }
  return wire;
}

async function decodeInto(fragment: string, notes: NoteList): Promise<ReportState> {
  const state = defaultState();
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text === '') return state;
  if (text.length > MAX_FRAGMENT) {
    notes.add('too_long', `link is longer than ${MAX_FRAGMENT} characters: defaults used`);
    throw new Refused();
  }
  const params = splitParams(text, notes);
  checkVersion(params, notes);
  const packed = params.get(PACKED_KEY);
  let wire: Map<string, unknown>;
  if (packed === undefined) {
    wire = plainWire(params, notes);
  } else {
    for (const key of params.keys()) {
      if (key !== VERSION_KEY && key !== PACKED_KEY) unknownKey(key, notes);
    }
    wire = await packedWire(packed, notes);
  }
  for (const entry of REGISTRY) {
    if (!wire.has(entry.key)) continue;
    entry.read(wire.get(entry.key), state, (reason) =>
      notes.add('bad_value', `bad value for ${entry.key} (${entry.label}): ${reason}`, entry.key),
    );
  }
  return state;
}

/**
 * Parses a fragment (with or without '#') back into a state; never throws. Unknown keys are
 * ignored and noted; a bad value is dropped (or the bad part of it) with a note; a malformed,
 * truncated, oversized or wrong-version fragment gives the defaults and a note saying why.
 */
export async function decodeState(fragment: string): Promise<DecodedState> {
  const notes = new NoteList();
  let state: ReportState;
  try {
    state = await decodeInto(typeof fragment === 'string' ? fragment : '', notes);
  } catch (error) {
    if (!(error instanceof Refused)) {
      notes.add('malformed', 'link could not be read: defaults used');
    }
    state = defaultState();
  }
  const details = notes.list;
  return { state, notes: details.map((note) => note.message), details };
}
