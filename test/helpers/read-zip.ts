import { inflateRawSync } from 'node:zlib';

/**
 * Reads a zip's files through its central directory (stored or deflated, no zip64), checking
 * each one's size: enough to open what the app publishes in tests, without a system unzip.
 */
export function readZip(zip: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.byteLength - 22;
  if (view.getUint32(end, true) !== 0x06054b50) throw new Error('no end of central directory');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const files = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const method = view.getUint16(at + 10, true);
    const packedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    const dataAt = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const packed = zip.subarray(dataAt, dataAt + packedSize);
    const bytes = method === 8 ? new Uint8Array(inflateRawSync(packed)) : packed;
    if (bytes.length !== size) throw new Error(`${name}: ${bytes.length} bytes, expected ${size}`);
    files.set(name, bytes);
    at += 46 + skip;
  }
  return files;
}
