import { read, utils, type WorkSheet } from '@e965/xlsx';
import { FileReadError, type Tabular } from './tabular.ts';
import { unpacksOver, zipEntries } from './zip-entries.ts';

export type Workbook = Tabular & { sheets: string[]; sheet: string };

const MEGABYTE = 1024 * 1024;

/**
 * Zip-bomb guards: SheetJS inflates every part in memory, whatever size the zip declares, and
 * fills the whole sheet range.
 */
const MAX_UNCOMPRESSED_BYTES = 500 * MEGABYTE;
const MAX_CELLS = 5_000_000;

/** A zip within the limits, by what it declares and then by what it really unpacks to. */
async function checkZip(fileName: string, bytes: Uint8Array): Promise<void> {
  const isZip = [0x50, 0x4b, 0x03, 0x04].every((byte, i) => bytes[i] === byte);
  const entries = isZip ? zipEntries(bytes) : undefined;
  if (entries === undefined) throw new FileReadError(fileName, 'not an Excel workbook (.xlsx)');
  const limit = `the ${MAX_UNCOMPRESSED_BYTES / MEGABYTE} MB limit`;
  const declared = entries.reduce((total, entry) => total + entry.declaredSize, 0);
  if (declared > MAX_UNCOMPRESSED_BYTES) {
    const megabytes = Math.round(declared / MEGABYTE);
    throw new FileReadError(fileName, `the workbook unpacks to ${megabytes} MB, over ${limit}`);
  }
  if (await unpacksOver(entries, MAX_UNCOMPRESSED_BYTES)) {
    throw new FileReadError(fileName, `the workbook unpacks to more than ${limit}`);
  }
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** SheetJS gives dates whose UTC fields are the wall-clock time typed in Excel. */
function dateText(date: Date): string {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const [hours, minutes, seconds] = [
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  ];
  if (hours === 0 && minutes === 0 && seconds === 0) return day;
  return `${day} ${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
}

/** Excel shows 15 significant digits; the file may hold binary noise past them (0.30000000000000004). */
function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'number') return String(Number(value.toPrecision(15)));
  return String(value);
}

function readSheet(fileName: string, name: string, sheet: WorkSheet): Tabular {
  // Read in part (a preview), the sheet still spans its full range.
  const range = utils.decode_range(sheet['!fullref'] ?? sheet['!ref'] ?? 'A1:A1');
  const cells = (range.e.r - range.s.r + 1) * (range.e.c - range.s.c + 1);
  if (cells > MAX_CELLS) {
    throw new FileReadError(
      fileName,
      `sheet "${name}" spans ${cells} cells, over the ${MAX_CELLS} cell limit`,
    );
  }
  const [header = [], ...rows] = utils.sheet_to_json<unknown[]>(sheet, {
    header: 1,
    raw: true,
    defval: null,
    blankrows: false,
    UTC: true,
  });
  return {
    columns: header.map((value) => cellText(value) ?? ''),
    rows: rows.map((row) => row.map(cellText)),
  };
}

function parse(fileName: string, bytes: Uint8Array, rows: number | undefined) {
  try {
    return read(bytes, {
      type: 'array',
      ...(rows === undefined ? {} : { sheetRows: rows + 1 }),
      dense: true,
      cellDates: true,
      cellText: false,
      cellHTML: false,
      cellFormula: false,
    });
  } catch (error) {
    throw new FileReadError(fileName, `not an Excel workbook (${(error as Error).message})`);
  }
}

/**
 * The named sheet, else the first one holding data; the first row is the header, then every
 * row or the first `rows`.
 */
export async function readXlsx(
  fileName: string,
  bytes: Uint8Array,
  sheet?: string,
  rows?: number,
): Promise<Workbook> {
  await checkZip(fileName, bytes);
  const workbook = parse(fileName, bytes, rows);
  const sheets = workbook.SheetNames;
  const candidates = sheet === undefined ? sheets : sheets.filter((name) => name === sheet);
  if (candidates.length === 0) {
    throw new FileReadError(fileName, `no sheet named "${sheet}" (sheets: ${sheets.join(', ')})`);
  }
  for (const name of candidates) {
    const content = workbook.Sheets[name];
    const table = content && readSheet(fileName, name, content);
    if (table && (table.columns.length > 0 || sheet !== undefined)) {
      return { ...table, sheets, sheet: name };
    }
  }
  throw new FileReadError(fileName, 'every sheet is empty');
}
