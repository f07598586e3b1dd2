/** Quotes an identifier (table or column name) for DuckDB. The only place identifiers are quoted. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Quotes a string literal. Only for values the program itself made (registered file paths, option
 * names); every value from the user goes in as a `?` parameter instead.
 */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
