import { concatBytes } from './concat-bytes.ts';

export type EncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5' | 'windows-1252';

export const ENCODING_NAMES: readonly EncodingName[] = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'gb18030',
  'big5',
  'windows-1252',
];

export interface EncodingGuess {
  encoding: EncodingName;
  bomLength: number;
  /** 0..1 */
  confidence: number;
}

const PREFIX_BYTES = 256 * 1024;
const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

interface Bom {
  encoding: EncodingName;
  bytes: readonly number[];
}

const BOMS: readonly Bom[] = [
  { encoding: 'utf-8', bytes: UTF8_BOM },
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] },
];

/** The ~400 commonest simplified characters, then CRM, business, place and name vocabulary. */
const COMMON_SIMPLIFIED =
  '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于' +
  '着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还' +
  '进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情' +
  '明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或' +
  '新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员' +
  '解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太' +
  '量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基' +
  '眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交' +
  '规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济' +
  '车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调' +
  '商客户销售阶段额预负责赢输域华称限技集团股份网络息软医疗零融银险育源汽需案价谈判' +
  '签订约初洽丢跟线索邮箱址注状态渠项升级采购续扩容季署云智咨询培训施维护药校府石油' +
  '纺织食饮料居材房券营互媒广酒店航农贸易控省县京深圳州杭武汉沈阳庆津苏沙郑青岛肥福' +
  '厦昆哈滨春宁波锡佛莞浙江河湖川徽辽吉黑龙陕贵疆蒙古甘肃夏藏港澳桃园竹六七八九百千' +
  '亿币周李刘陈杨黄赵吴徐孙朱胡郭梁谢宋唐韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶魏吕丁姚卢' +
  '姜崔钟谭陆汪范廖贾韦付邹孟熊秦邱尹薛闫雷侯史陶黎贺顾毛郝龚邵钱严覃戴莫孔汤伟芳娜' +
  '秀敏静丽磊洋勇艳杰娟涛超兰霞刚桂玉萍红辉鹏斌宇浩凯健俊帆帅旭琳晨婷雪慧佳欣怡梅莉' +
  '倩颖琪蕾玲燕峰鑫志博晓亮，。、；：？！“”‘’（）《》【】—…·￥％';

/** Traditional forms of the characters above, where they differ. */
const COMMON_TRADITIONAL =
  '這個們來為國說時會對於著過發後裡種經麼學現當沒動還進樣開從實軍無與長機關點業將兩' +
  '間問並應戰頭體見產話內給門兒東聲員論處義幾認條氣題爾別變總電數報結務場計資許統區' +
  '隊決馬書則聽卻達強難權設記類據邊張該規萬覺術領確傳師觀讓識帶導爭運飛風幹聯組濟車' +
  '親極辦議證轉準遠臺單羅愛擊備連調戶銷階額預負責贏輸華稱團網絡軟醫療銀險價談籤訂約' +
  '丟線郵狀態項級採購續擴雲諮詢訓維護藥紡織飲營廣農貿縣漢陽慶蘇鄭島廈濱寧錫遼龍陝貴' +
  '肅園億幣劉陳楊黃趙吳孫謝韓馮鄧蔣餘葉呂盧鍾譚陸範賈韋鄒閆賀顧龔錢嚴湯偉靜麗豔傑濤' +
  '蘭剛紅輝鵬凱帥穎曉簽製瀋鐘';

const COMMON_CHINESE = new Set(COMMON_SIMPLIFIED + COMMON_TRADITIONAL);
// Besides U+00C0..U+00FF: the windows-1252 letters outside Latin-1, and common punctuation.
const COMMON_LATIN_EXTRAS = new Set('ŒœŠšŽžŸ€£©°–—‘’“”•…');

// WHATWG index-windows-1252 for 0x80..0x9F. Node 20.18.3 and later decode these bytes as
// Latin-1 (nodejs/node#60888), so decoded text is patched; in browsers this changes nothing.
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

type Scored = readonly [encoding: EncodingName, score: number];

/** Looks at a prefix of the file and guesses its encoding. */
export function detectEncoding(bytes: Uint8Array): EncodingGuess {
  const prefix = bytes.subarray(0, PREFIX_BYTES);
  const bom = BOMS.find((b) => startsWith(prefix, b.bytes));
  if (bom) return { encoding: bom.encoding, bomLength: bom.bytes.length, confidence: 1 };

  const utf16 = utf16ByNulBytes(prefix);
  if (utf16) return { encoding: utf16, bomLength: 0, confidence: 0.9 };

  if (strictDecode(prefix, 'utf-8') !== undefined) {
    return { encoding: 'utf-8', bomLength: 0, confidence: isAscii(prefix) ? 0.9 : 0.99 };
  }

  // Ties go to Chinese: byte pairs that all decode to common characters are no coincidence.
  const scores: readonly Scored[] = [
    ['gb18030', chineseScore(strictDecode(prefix, 'gb18030'))],
    ['big5', chineseScore(strictDecode(prefix, 'big5'))],
    ['windows-1252', latinScore(decodeText(prefix, 'windows-1252'))],
  ];
  const [best, confidence] = scores.reduce((a, b) => (b[1] > a[1] ? b : a));
  // Without any evidence, windows-1252 is the safe choice: it decodes every byte.
  const encoding = confidence > 0 ? best : 'windows-1252';
  return { encoding, bomLength: 0, confidence };
}

/** Decodes to a string without the BOM; bad bytes become U+FFFD. */
export function decodeText(bytes: Uint8Array, encoding: EncodingName): string {
  return decodeWith(new TextDecoder(encoding), bytes, false);
}

/**
 * UTF-8 bytes without BOM, for DuckDB. UTF-8 input comes back as a view, undecoded; other
 * encodings are converted chunk by chunk so that a large file never becomes one string.
 */
export function toUtf8(
  bytes: Uint8Array,
  encoding: EncodingName,
  chunkBytes = DEFAULT_CHUNK_BYTES,
): Uint8Array {
  if (encoding === 'utf-8') {
    return bytes.subarray(startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0);
  }
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
    throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  }
  const decoder = new TextDecoder(encoding);
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += chunkBytes) {
    const chunk = bytes.subarray(start, start + chunkBytes);
    parts.push(encoder.encode(decodeWith(decoder, chunk, true)));
  }
  parts.push(encoder.encode(decodeWith(decoder, new Uint8Array(0), false)));
  return concatBytes(parts);
}

/** Counts the U+FFFD that decoding a prefix of the file produces. */
export function countReplacementChars(bytes: Uint8Array, encoding: EncodingName): number {
  const prefix = bytes.subarray(0, PREFIX_BYTES);
  // Streaming keeps a character cut by the end of the prefix from counting.
  const text = decodeWith(new TextDecoder(encoding), prefix, prefix.length < bytes.length);
  let count = 0;
  for (const char of text) if (char === '\ufffd') count++;
  return count;
}

function startsWith(bytes: Uint8Array, start: readonly number[]): boolean {
  return start.every((byte, i) => bytes[i] === byte);
}

function decodeWith(decoder: TextDecoder, bytes: Uint8Array, stream: boolean): string {
  const text = decoder.decode(bytes, { stream });
  if (decoder.encoding !== 'windows-1252') return text;
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1.charAt(c.charCodeAt(0) - 0x80));
}

/**
 * The text, or undefined if the bytes are invalid in that encoding. Streaming ignores a
 * character cut by the end of the prefix instead of calling it invalid.
 */
function strictDecode(bytes: Uint8Array, encoding: EncodingName): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return undefined;
  }
}

// ASCII text in UTF-16 has a NUL high byte in most code units (odd offsets in LE, even in BE),
// while no other text encoding produces NUL bytes.
function utf16ByNulBytes(prefix: Uint8Array): EncodingName | undefined {
  let even = 0;
  let odd = 0;
  for (let i = 0; i + 1 < prefix.length; i += 2) {
    if (prefix[i] === 0) even++;
    if (prefix[i + 1] === 0) odd++;
  }
  const minimum = prefix.length / 2 / 10;
  if (odd > minimum && even < odd / 10) return 'utf-16le';
  if (even > minimum && odd < even / 10) return 'utf-16be';
  return undefined;
}

function isAscii(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte < 0x80);
}

function chineseScore(text: string | undefined): number {
  if (text === undefined) return 0;
  let nonAscii = 0;
  let common = 0;
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) continue;
    nonAscii++;
    if (COMMON_CHINESE.has(char)) common++;
  }
  return nonAscii === 0 ? 0 : common / nonAscii;
}

// Latin-script text has its accented letters inside words. A run of more than two non-ASCII
// characters, or a pair with no ASCII letter beside it, is what CJK bytes look like instead.
function latinScore(text: string): number {
  let nonAscii = 0;
  let likely = 0;
  for (const { 0: run, index } of text.matchAll(/[\u0080-\uffff]+/g)) {
    nonAscii += run.length;
    const inWord = run.length === 1 || (run.length === 2 && besideAsciiLetter(text, index, 2));
    if (!inWord) continue;
    for (const char of run) {
      const code = char.charCodeAt(0);
      if ((code >= 0xc0 && code <= 0xff) || COMMON_LATIN_EXTRAS.has(char)) likely++;
    }
  }
  return nonAscii === 0 ? 0 : likely / nonAscii;
}

function besideAsciiLetter(text: string, index: number, length: number): boolean {
  return /[a-z]/i.test(text.charAt(index - 1)) || /[a-z]/i.test(text.charAt(index + length));
}
