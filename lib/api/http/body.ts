// Request bodies are read with a byte cap before any parsing, so an
// oversized or endless body costs at most `maxBytes` of memory. Tessera's
// server (lib/server) reads machine routes' bodies with Fastify's own cap and
// parses them with `parseJson`; the console's few Next route handlers that
// take a body read it with `readBody`.

export type TextResult = { ok: true; text: string } | { ok: false; problem: "too-large"; message: string };
export type BodyResult =
  { ok: true; value: unknown } | { ok: false; problem: "too-large" | "bad-json" | "empty"; message: string };

export const tooLargeMessage = (maxBytes: number) => `The request body is larger than ${maxBytes} bytes.`;

export async function readBody(request: Request, maxBytes: number): Promise<TextResult> {
  const tooLarge = { ok: false, problem: "too-large", message: tooLargeMessage(maxBytes) } as const;
  const length = request.headers.get("content-length");
  const declared = Number(length ?? "0");
  if (declared > maxBytes) return tooLarge;
  // With a Content-Length the HTTP parser delivers exactly that many bytes;
  // only a chunked body has to be counted while it streams in.
  if (length !== null && Number.isSafeInteger(declared)) return { ok: true, text: await request.text() };
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return tooLarge;
      }
      chunks.push(value);
    }
  }
  return { ok: true, text: Buffer.concat(chunks, size).toString("utf8") };
}

/** A body's text as JSON; empty and unparsable bodies are told apart. */
export function parseJson(text: string | undefined): BodyResult {
  const trimmed = (text ?? "").trim();
  if (trimmed === "")
    return { ok: false, problem: "empty", message: "The request body is empty; send a JSON object (at least {})." };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    return { ok: false, problem: "bad-json", message: "The request body is not valid JSON." };
  }
}

export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyResult> {
  const body = await readBody(request, maxBytes);
  return body.ok ? parseJson(body.text) : body;
}
