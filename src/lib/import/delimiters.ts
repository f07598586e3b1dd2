/** The delimiters a text export may use; kept apart from the CSV sniffer, which needs PapaParse. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
