import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ENCODING_NAMES,
  countReplacementChars,
  decodeText,
  detectEncoding,
  toUtf8,
  type EncodingName,
} from '../../src/lib/import/encoding.ts';

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/encodings/${name}`, import.meta.url)));
}

function cell(text: string, row: number, column: number): string | undefined {
  return text.split('\r\n')[row]?.split(',')[column];
}

const SIMPLIFIED_HEADER = '商机名称,客户名称,销售阶段,预计金额,预计成交日期,负责人,区域,行业';

interface Fixture {
  file: string;
  encoding: EncodingName;
  bomLength: number;
  header: string;
  /** A known cell: row (0 is the header), column, text. */
  cell: [number, number, string];
}

const FIXTURES: Fixture[] = [
  {
    file: 'gbk.csv',
    encoding: 'gb18030',
    bomLength: 0,
    header: SIMPLIFIED_HEADER,
    cell: [6, 1, '沈阳北方重工机械股份有限公司'],
  },
  {
    file: 'big5.csv',
    encoding: 'big5',
    bomLength: 0,
    header: '商機名稱,客戶名稱,銷售階段,預計金額,預計成交日期,負責人,區域,行業',
    cell: [6, 1, '瀋陽北方重工機械股份有限公司'],
  },
  {
    file: 'gbk-uncommon.csv',
    encoding: 'gb18030',
    bomLength: 0,
    header: '产品,型号,联系人,客户',
    cell: [4, 3, '芯驰半导体'],
  },
  {
    file: 'big5-uncommon.csv',
    encoding: 'big5',
    bomLength: 0,
    header: '產品,型號,聯繫人,客戶',
    cell: [4, 3, '芯馳半導體'],
  },
  {
    file: 'utf8-bom.csv',
    encoding: 'utf-8',
    bomLength: 3,
    header: SIMPLIFIED_HEADER,
    cell: [7, 0, '华中物流调度系统'],
  },
  {
    file: 'utf16le-bom.csv',
    encoding: 'utf-16le',
    bomLength: 2,
    header: SIMPLIFIED_HEADER,
    cell: [3, 1, '广州万家福零售连锁有限公司'],
  },
  {
    file: 'utf16be-bom.csv',
    encoding: 'utf-16be',
    bomLength: 2,
    header: SIMPLIFIED_HEADER,
    cell: [8, 1, '杭州西湖商业银行'],
  },
  {
    file: 'windows-1252.csv',
    encoding: 'windows-1252',
    bomLength: 0,
    header: 'Opportunity,Account,Stage,Amount,Close date,Owner,Notes',
    cell: [3, 6, 'Menu à 12 € – cave à 3 °C…'],
  },
];

const NOT_UTF8 = FIXTURES.filter((f) => f.encoding !== 'utf-8');

/** 'a😀b' in UTF-16LE: the emoji is a surrogate pair, four bytes. */
const UTF16LE_EMOJI = new Uint8Array([0x61, 0x00, 0x3d, 0xd8, 0x00, 0xde, 0x62, 0x00]);
/** 'a😀b' in GB18030: the emoji is a four-byte sequence. */
const GB18030_EMOJI = new Uint8Array([0x61, 0x94, 0x39, 0xfc, 0x36, 0x62]);

describe('ENCODING_NAMES', () => {
  it('lists canonical TextDecoder labels', () => {
    expect(ENCODING_NAMES).toHaveLength(6);
    for (const name of ENCODING_NAMES) expect(new TextDecoder(name).encoding).toBe(name);
  });
});

describe('detectEncoding(bytes)', () => {
  it.each(FIXTURES)('detects $file as $encoding', ({ file, encoding, bomLength }) => {
    const guess = detectEncoding(fixture(file));
    expect(guess).toMatchObject({ encoding, bomLength });
    expect(guess.confidence).toBeLessThanOrEqual(1);
    expect(guess.confidence).toBeGreaterThan(bomLength > 0 ? 0.99 : 0.3);
  });

  it('detects a GBK file that ends inside a character', () => {
    expect(detectEncoding(fixture('gbk-truncated.csv')).encoding).toBe('gb18030');
  });

  it('detects UTF-16 without a BOM by its NUL bytes', () => {
    const le = fixture('utf16le-bom.csv').subarray(2);
    const be = fixture('utf16be-bom.csv').subarray(2);
    expect(detectEncoding(le)).toMatchObject({ encoding: 'utf-16le', bomLength: 0 });
    expect(detectEncoding(be)).toMatchObject({ encoding: 'utf-16be', bomLength: 0 });
  });

  it('accepts UTF-8 without a BOM that is cut inside a character', () => {
    const cut = fixture('utf8-bom.csv').subarray(3, 3 + 7);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(cut)).toThrow(TypeError);
    expect(detectEncoding(cut)).toMatchObject({ encoding: 'utf-8', bomLength: 0 });
  });

  it('reads pure ASCII as utf-8', () => {
    const ascii = new TextEncoder().encode('Opportunity,Amount\r\nRenewal,1200\r\n');
    expect(detectEncoding(ascii)).toMatchObject({ encoding: 'utf-8', bomLength: 0 });
  });

  it('reads a few accented Latin letters as windows-1252', () => {
    const latin1 = Uint8Array.from('Owner\r\nZoë Müller\r\n', (c) => c.charCodeAt(0));
    expect(detectEncoding(latin1)).toMatchObject({ encoding: 'windows-1252', confidence: 1 });
  });

  it('reads a single Chinese character between ASCII as gb18030', () => {
    // 张 in GBK, which windows-1252 would show as 'ÕÅ'.
    const bytes = new Uint8Array([0x31, 0x2c, 0xd5, 0xc5, 0x0d, 0x0a]);
    expect(detectEncoding(bytes).encoding).toBe('gb18030');
  });

  it('prefers Chinese when windows-1252 fits as well', () => {
    // 'A区,B区' in GBK, which windows-1252 would show as 'AÇø,BÇø'.
    const bytes = new Uint8Array([0x41, 0xc7, 0xf8, 0x2c, 0x42, 0xc7, 0xf8]);
    expect(detectEncoding(bytes)).toMatchObject({ encoding: 'gb18030', confidence: 1 });
  });

  it('falls back to windows-1252 with confidence 0 when nothing fits', () => {
    const noise = new Uint8Array([0x81, 0x8d, 0xff]);
    expect(detectEncoding(noise)).toEqual({
      encoding: 'windows-1252',
      bomLength: 0,
      confidence: 0,
    });
  });
});

describe('decodeText(bytes, encoding)', () => {
  it.each(FIXTURES)('decodes $file without its BOM', ({ file, encoding, header, cell: c }) => {
    const text = decodeText(fixture(file), encoding);
    expect(text.split('\r\n')[0]).toBe(header);
    expect(cell(text, c[0], c[1])).toBe(c[2]);
  });

  it('maps the windows-1252 bytes 0x80-0x9F like a browser', () => {
    const text = decodeText(fixture('windows-1252.csv'), 'windows-1252');
    expect(cell(text, 1, 1)).toBe('Société Générale');
    expect(cell(text, 1, 6)).toBe('“Très intéressé” – rappel prévu');
    expect(cell(text, 2, 1)).toBe('Müller GmbH');
    expect(cell(text, 4, 5)).toBe('Zoë O’Brien');
    expect(cell(text, 4, 6)).toBe('£ invoice — paid');
  });

  it('ends a truncated GBK file with one U+FFFD', () => {
    const text = decodeText(fixture('gbk-truncated.csv'), 'gb18030');
    expect(
      text.endsWith('杭州西湖商业银行,方案报价,1680000.00,2024-04-18,周杰,华东,金\ufffd'),
    ).toBe(true);
    expect(text.indexOf('\ufffd')).toBe(text.length - 1);
  });

  it('replaces bytes that are invalid in the chosen encoding instead of throwing', () => {
    expect(decodeText(fixture('gbk.csv'), 'utf-8')).toContain('\ufffd');
  });
});

describe('toUtf8(bytes, encoding, chunkBytes?)', () => {
  it.each(FIXTURES)('converts $file to UTF-8 without BOM', ({ file, encoding, header }) => {
    const bytes = fixture(file);
    const utf8 = toUtf8(bytes, encoding);
    // ignoreBOM keeps a leftover BOM visible as U+FEFF.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(utf8);
    expect(text.split('\r\n')[0]).toBe(header);
    expect(text).toBe(decodeText(bytes, encoding));
  });

  it.each(NOT_UTF8)('gives the same bytes for $file in tiny chunks', ({ file, encoding }) => {
    const bytes = fixture(file);
    const whole = toUtf8(bytes, encoding);
    // Odd sizes, and even ones after an odd number of ASCII bytes, split two-byte characters.
    for (const chunkBytes of [1, 2, 3, 5])
      expect(toUtf8(bytes, encoding, chunkBytes)).toEqual(whole);
  });

  it('keeps surrogate pairs and four-byte GB18030 sequences whole across chunks', () => {
    for (const chunkBytes of [1, 3]) {
      const fromUtf16 = toUtf8(UTF16LE_EMOJI, 'utf-16le', chunkBytes);
      const fromGb18030 = toUtf8(GB18030_EMOJI, 'gb18030', chunkBytes);
      expect(new TextDecoder().decode(fromUtf16)).toBe('a😀b');
      expect(new TextDecoder().decode(fromGb18030)).toBe('a😀b');
    }
  });

  it('returns UTF-8 input as a view past the BOM, without copying', () => {
    const bytes = fixture('utf8-bom.csv');
    const view = toUtf8(bytes, 'utf-8');
    expect(view.buffer).toBe(bytes.buffer);
    expect(view.byteOffset).toBe(bytes.byteOffset + 3);
    expect(view.length).toBe(bytes.length - 3);
  });

  it('returns UTF-8 input without a BOM as a view of all of it', () => {
    const bytes = fixture('utf8-bom.csv').subarray(3);
    const view = toUtf8(bytes, 'utf-8');
    expect(view.buffer).toBe(bytes.buffer);
    expect(view.byteOffset).toBe(bytes.byteOffset);
    expect(view.length).toBe(bytes.length);
  });

  it('rejects a chunk size below one byte', () => {
    expect(() => toUtf8(fixture('gbk.csv'), 'gb18030', 0)).toThrow(RangeError);
  });
});

describe('countReplacementChars(bytes, encoding)', () => {
  it.each(FIXTURES)('finds none in $file read as $encoding', ({ file, encoding }) => {
    expect(countReplacementChars(fixture(file), encoding)).toBe(0);
  });

  it('finds the one cut character at the end of a truncated GBK file', () => {
    expect(countReplacementChars(fixture('gbk-truncated.csv'), 'gb18030')).toBe(1);
  });

  it('finds many when GBK is read as UTF-8', () => {
    expect(countReplacementChars(fixture('gbk.csv'), 'utf-8')).toBeGreaterThan(100);
  });

  it('does not count a character cut by the end of the prefix it decodes', () => {
    // 'a' then 2 MiB of 啊 (B0 A1): every prefix of even length ends inside a character.
    const bytes = new Uint8Array(1 + 2 * 1024 * 1024).fill(0xa1);
    bytes[0] = 0x61;
    for (let i = 1; i < bytes.length; i += 2) bytes[i] = 0xb0;
    expect(countReplacementChars(bytes, 'gb18030')).toBe(0);
  });
});
