/** One file in a zip, as its central directory describes it. */
export interface ZipEntry {
  /** 8 is deflate; 0 stores the bytes as they are. */
  method: number;
  /** The size the zip declares once unpacked: a hostile file may lie about it. */
  declaredSize: number;
  data: Uint8Array;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;

/** The entries of a zip's central directory; undefined when there is no readable one. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fits = (at: number, length: number) => at >= 0 && at + length <= bytes.byteLength;
  const lastStart = Math.max(0, bytes.byteLength - 22 - 0xffff);
  for (let end = bytes.byteLength - 22; end >= lastStart; end--) {
    if (view.getUint32(end, true) !== END_OF_DIRECTORY) continue;
    const entries: ZipEntry[] = [];
    let at = view.getUint32(end + 16, true);
    for (let left = view.getUint16(end + 10, true); left > 0; left--) {
      if (!fits(at, 46) || view.getUint32(at, true) !== CENTRAL_HEADER) return undefined;
      const local = view.getUint32(at + 42, true);
      if (!fits(local, 30) || view.getUint32(local, true) !== LOCAL_HEADER) return undefined;
      const start =
        local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      const size = view.getUint32(at + 20, true);
      if (!fits(start, size)) return undefined;
      entries.push({
        method: view.getUint16(at + 10, true),
        // A ZIP64 size reads as 0xFFFFFFFF here: over any limit, as it should be.
        declaredSize: view.getUint32(at + 24, true),
        data: bytes.subarray(start, start + size),
      });
      const [name, extra, comment] = [28, 30, 32].map((field) => view.getUint16(at + field, true));
      at += 46 + name! + extra! + comment!;
    }
    return entries;
  }
  return undefined;
}

/** Bytes a deflate stream inflates to, counted without keeping them; stops once past `max`. */
async function inflatedSize(data: Uint8Array, max: number): Promise<number> {
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  // Errors surface on the reading side; these promises only need handling.
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return total;
      total += value.length;
      if (total > max) {
        await reader.cancel().catch(() => {});
        return total;
      }
    }
  } catch {
    // Damaged data: the workbook reader reports it.
    return total;
  }
}

/** Whether the entries really unpack to more than `limit` bytes, whatever sizes they declare. */
export async function unpacksOver(entries: ZipEntry[], limit: number): Promise<boolean> {
  let total = 0;
  for (const { method, data } of entries) {
    total += method === 8 ? await inflatedSize(data, limit - total) : data.length;
    if (total > limit) return true;
  }
  return false;
}
