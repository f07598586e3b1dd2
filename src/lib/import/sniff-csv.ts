import Papa from 'papaparse';
import { DELIMITERS, type Delimiter } from './delimiters.ts';

export interface CsvSniff {
  delimiter: Delimiter;
  headers: string[];
  /** The first records after the header, for the mapping preview. */
  preview: string[][];
}

/** Reads the start of a delimited text file: its delimiter, header and a few records. */
export function sniffCsv(prefix: string, forced?: Delimiter, previewRows = 20): CsvSniff {
  const parsed = Papa.parse<string[]>(prefix, {
    delimiter: forced ?? '',
    delimitersToGuess: [...DELIMITERS],
    preview: previewRows + 1,
    skipEmptyLines: 'greedy',
  });
  const found = parsed.meta.delimiter as Delimiter;
  const delimiter = forced ?? (DELIMITERS.includes(found) ? found : ',');
  const [headers = [], ...preview] = parsed.data;
  return { delimiter, headers: headers.map((h) => h.trim()), preview };
}
