/** Fetches a file the site serves, refusing the HTML page a static server answers for a missing one. */
export async function fetchBytes(url: string, signal?: AbortSignal): Promise<Uint8Array> {
  const response = await fetch(url, { signal });
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok) throw new Error(`${url}: the server answered ${response.status}`);
  if (type.includes('text/html')) throw new Error(`${url}: the server sent a web page, not data`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Gunzips bytes that start with the gzip magic number; other bytes pass through. */
export async function gunzipIfNeeded(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes as BlobPart])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Fetches a file the site serves, gunzipped if it came gzipped. */
export async function fetchUnzipped(url: string): Promise<Uint8Array> {
  return gunzipIfNeeded(await fetchBytes(url));
}
