// Request bodies are read with a byte cap before any parsing, so an
// oversized or endless body costs at most `maxBytes` of memory.

export type TextResult = { ok: true; text: string } | { ok: false; problem: "too-large"; message: string };
export type BodyResult =
  { ok: true; value: unknown } | { ok: false; problem: "too-large" | "bad-json" | "empty"; message: string };

export async function readBody(request: Request, maxBytes: number): Promise<TextResult> {
  const tooLarge = {
    ok: false,
    problem: "too-large",
    message: `The request body is larger than ${maxBytes} bytes.`,
  } as const;
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

export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyResult> {
  const body = await readBody(request, maxBytes);
  if (!body.ok) return body;
  const text = body.text.trim();
  if (text === "")
    return { ok: false, problem: "empty", message: "The request body is empty; send a JSON object (at least {})." };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, problem: "bad-json", message: "The request body is not valid JSON." };
  }
}
