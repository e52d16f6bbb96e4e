/**
 * The catalog key (apiDocs.tags, apiDocs.summaries) of an OpenAPI tag or of
 * an operation ("post /api/v1/login"): its letters and digits joined by "_",
 * as catalog keys cannot hold dots.
 */
export const docKey = (text: string) => text.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "");

/**
 * The catalog key (apiDocs.texts) of a longer text of the document (an
 * operation's description, a parameter's): a hash of its English, so one
 * translation serves every operation that shares the text, and a changed
 * text finds none (tests/unit/i18n-catalogs.test.ts asks for one).
 */
export function textKey(text: string): string {
  // FNV-1a, 32 bits: stable, and short enough for a key.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `t${(hash >>> 0).toString(36)}`;
}
