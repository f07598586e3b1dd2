/** A short SHA-256 of a file's bytes: enough to tell whether a link's file is the one given. */
export async function contentHash(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return [...digest.subarray(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
