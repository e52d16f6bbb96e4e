/**
 * The catalog key (apiDocs.tags, apiDocs.summaries) of an OpenAPI tag or of
 * an operation ("post /api/v1/login"): its letters and digits joined by "_",
 * as catalog keys cannot hold dots.
 */
export const docKey = (text: string) => text.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "");
