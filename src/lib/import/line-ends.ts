const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** More than one of CRLF, LF and CR ends lines in the file. */
function mixesLineEnds(bytes: Uint8Array): boolean {
  let crlf = 0;
  let cr = 0;
  for (let at = bytes.indexOf(CR); at >= 0; at = bytes.indexOf(CR, at + 1)) {
    if (bytes[at + 1] === LF) crlf++;
    else cr++;
  }
  if (crlf + cr === 0) return false;
  let lf = 0;
  for (let at = bytes.indexOf(LF); at >= 0; at = bytes.indexOf(LF, at + 1)) lf++;
  return [crlf, cr, lf - crlf].filter((n) => n > 0).length > 1;
}

/**
 * LF after every record; line breaks inside a quoted field are its text and stay as they are.
 * Jumps from quote to CR rather than walking every byte: text between them is copied whole.
 */
function toLf(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let length = 0;
  let from = 0;
  let quoted = false;
  let quote = bytes.indexOf(QUOTE);
  for (let cr = bytes.indexOf(CR); cr >= 0; cr = bytes.indexOf(CR, cr + 1)) {
    for (; quote >= 0 && quote < cr; quote = bytes.indexOf(QUOTE, quote + 1)) quoted = !quoted;
    if (quoted) continue;
    out.set(bytes.subarray(from, cr), length);
    length += cr - from;
    if (bytes[cr + 1] !== LF) out[length++] = LF;
    from = cr + 1;
  }
  out.set(bytes.subarray(from), length);
  return out.subarray(0, length + bytes.length - from);
}

/**
 * UTF-8 CSV whose records all end the same way. DuckDB's reader takes the line end of the first
 * record for the whole file and refuses a file edited on two systems (CRLF and LF, or old-Mac CR);
 * such files are rewritten with LF. Files with one kind of line end come back unchanged.
 */
export function uniformLineEnds(bytes: Uint8Array): Uint8Array {
  return mixesLineEnds(bytes) ? toLf(bytes) : bytes;
}
