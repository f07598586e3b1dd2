/**
 * Orders a segment's blank value ('', the deals that leave it empty) after every other: it is no
 * value to rank, however many deals it holds or however they convert.
 */
export const blankLast = (a: string, b: string): number => Number(a === '') - Number(b === '');
