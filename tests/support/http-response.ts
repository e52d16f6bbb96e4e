import type { IncomingMessage } from "node:http";

/** A response's whole body as text, and parsed when it is JSON (else null: a page, a server action's stream). */
export function readResponse(response: IncomingMessage): Promise<{ text: string; body: unknown }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.on("error", reject);
    response.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON; callers that care look at `text`
      }
      resolve({ text, body });
    });
  });
}
