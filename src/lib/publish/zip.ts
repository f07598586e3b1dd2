/** A file to put in a zip: its path inside the archive (with `/`) and its bytes. */
export interface ZipEntry {
  path: string;
  bytes: Uint8Array;
}

/** A file as an archive holds it: its bytes deflated (method 8) or stored (0), their CRC-32. */
export interface PackedFile {
  crc: number;
  size: number;
  method: 0 | 8;
  data: Uint8Array;
}

export type Pack = (bytes: Uint8Array) => Promise<PackedFile>;

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE 802.3), as zip stores it. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The browser's (and Node's) own deflate, without zlib's header: what zip's method 8 holds. */
async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart])
    .stream()
    .pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A file deflated when that makes it smaller, else stored. */
export async function packFile(bytes: Uint8Array): Promise<PackedFile> {
  const deflated = await deflateRaw(bytes);
  const stored = deflated.length >= bytes.length;
  return {
    crc: crc32(bytes),
    size: bytes.length,
    method: stored ? 0 : 8,
    data: stored ? bytes : deflated,
  };
}

function dosTime(date: Date): { time: number; day: number } {
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    day: ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/** Little-endian fields of 2 or 4 bytes, then the name. */
function record(fields: Array<[value: number, size: 2 | 4]>, name: Uint8Array): Uint8Array {
  const size = fields.reduce((sum, [, n]) => sum + n, 0);
  const bytes = new Uint8Array(size + name.length);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const [value, n] of fields) {
    if (n === 2) view.setUint16(at, value, true);
    else view.setUint32(at, value, true);
    at += n;
  }
  bytes.set(name, at);
  return bytes;
}

const UTF8_NAMES = 0x0800;
const LIMIT = 0xffffffff;

/**
 * A zip archive: each file packed by `pack` (all at once, so a pack spread over workers runs in
 * parallel), deflated when that makes it smaller, else stored. No zip64, so every file and the
 * whole archive stay under 4 GiB; names are UTF-8.
 */
export async function zipFiles(
  entries: ZipEntry[],
  { pack = packFile, modified = new Date() }: { pack?: Pack; modified?: Date } = {},
): Promise<Blob> {
  const { time, day } = dosTime(modified);
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const packed = await Promise.all(entries.map(({ bytes }) => pack(bytes)));
  for (const [i, { path }] of entries.entries()) {
    const name = new TextEncoder().encode(path);
    const { crc, size, method, data } = packed[i]!;
    const common: Array<[number, 2 | 4]> = [
      [20, 2],
      [UTF8_NAMES, 2],
      [method, 2],
      [time, 2],
      [day, 2],
      [crc, 4],
      [data.length, 4],
      [size, 4],
      [name.length, 2],
      [0, 2],
    ];
    const local = record([[0x04034b50, 4], ...common], name);
    // Made by MS-DOS (0) with no attributes: unzip then gives the files the usual permissions.
    central.push(
      record(
        [[0x02014b50, 4], [20, 2], ...common, [0, 2], [0, 2], [0, 2], [0, 4], [offset, 4]],
        name,
      ),
    );
    parts.push(local, data);
    offset += local.length + data.length;
  }
  const size = central.reduce((sum, c) => sum + c.length, 0);
  // Sizes and offsets past 32 bits would need zip64; the fields above would have wrapped.
  if (entries.length > 0xffff || offset + size > LIMIT) {
    throw new Error('too large for a zip: 4 GiB and 65,535 files at most');
  }
  const end = record(
    [
      [0x06054b50, 4],
      [0, 2],
      [0, 2],
      [entries.length, 2],
      [entries.length, 2],
      [size, 4],
      [offset, 4],
      [0, 2],
    ],
    new Uint8Array(0),
  );
  return new Blob([...parts, ...central, end] as BlobPart[], { type: 'application/zip' });
}
