/** The storage part of `localStorage` that MappingMemory needs. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** A user's mapping as the import recipe holds it: canonical field → header ('' unmaps). */
export type RememberedMapping = Record<string, string>;

const KEY_PREFIX = 'funnelcast.mapping.v1:';

/**
 * A short stable key for a header list, independent of column order. Headers are kept as written
 * (only a BOM and outer spaces go), so a recalled mapping always names columns the file has.
 */
export function headerSignature(headers: string[]): string {
  const text = headers
    .map((h) => h.replace(/^\uFEFF/, '').trim())
    .sort()
    .join('\u0000');
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash = Math.imul(hash ^ byte, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function isRememberedMapping(value: unknown): value is RememberedMapping {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

/** Remembers the mapping a user confirmed, per header signature. */
export class MappingMemory {
  readonly #storage: KeyValueStorage;

  constructor(storage: KeyValueStorage) {
    this.#storage = storage;
  }

  recall(signature: string): RememberedMapping | null {
    const stored = this.#storage.getItem(KEY_PREFIX + signature);
    if (stored === null) return null;
    try {
      const parsed: unknown = JSON.parse(stored);
      return isRememberedMapping(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }

  remember(signature: string, mapping: RememberedMapping): void {
    this.#storage.setItem(KEY_PREFIX + signature, JSON.stringify(mapping));
  }
}
