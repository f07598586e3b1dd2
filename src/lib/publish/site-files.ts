/** Where Vite writes the build's manifest (`build.manifest`), relative to the site. */
export const MANIFEST = '.vite/manifest.json';

interface ManifestChunk {
  file?: string;
  css?: string[];
  assets?: string[];
}

/** Same-site paths in a page's `src` and `href` attributes (the favicon, the entry script, CSS). */
function pageLinks(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"#?]+)"/g)]
    .map((match) => match[1]!)
    .filter((link) => !/^[a-z][a-z\d+.-]*:|^\/\//i.test(link))
    .map((link) => link.replace(/^\.?\//, ''));
}

/**
 * The files the built site needs, relative to its root: every chunk, stylesheet and asset the
 * manifest names (DuckDB's wasm and workers among them), the page's own links, and the manifest,
 * so a published bundle can publish again. Not index.html, which a bundle replaces.
 */
export function siteFiles(manifestJson: string, indexHtml: string): string[] {
  const manifest = JSON.parse(manifestJson) as Record<string, ManifestChunk>;
  const files = new Set<string>([MANIFEST]);
  for (const chunk of Object.values(manifest)) {
    for (const file of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) {
      if (file) files.add(file);
    }
  }
  for (const link of pageLinks(indexHtml)) files.add(link);
  return [...files].sort();
}
