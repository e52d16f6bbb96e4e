import "server-only";
import type { DeliveryOutcome } from "@/lib/data/callback-outbox";

// One HTTP attempt of a callback. The URL is the operator's, so it may
// point anywhere the server can reach, internal addresses included, as
// Tencent's callbacks may: whoever may configure callbacks (apps.write) can
// make this server POST a fixed-shape JSON body there and see, in the
// console, the status code and the time it took, never the answer's
// content. The attempt is bounded: http(s) only (checked when the URL is
// configured), no redirect followed (a 3xx is a failure, so a public URL
// cannot bounce it elsewhere), TIMEOUT_MS for the whole exchange, and at
// most MAX_READ bytes of the answer read (a small answer is read to its end
// so the connection can be reused). Errors name what happened, never the URL
// (it carries Sign) or the token.

export const TIMEOUT_MS = 2000;
const MAX_READ = 4096;

/** Reads at most MAX_READ bytes of the body and discards them; the rest is let go. */
async function drain(response: Response): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) return;
  let size = 0;
  try {
    while (size < MAX_READ) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

function describe(error: unknown): string {
  const { name, cause } = error as { name?: string; cause?: { code?: string } };
  if (name === "TimeoutError" || name === "AbortError") return `No answer within ${TIMEOUT_MS / 1000} s.`;
  const code = cause?.code;
  if (code === "ECONNREFUSED") return "Connection refused.";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "The host name did not resolve.";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "The connection was closed before an answer came.";
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return `TLS failed (${code}).`;
  return code ? `The request failed (${code}).` : "The request failed.";
}

/** Posts `body` to `url`; any 2xx is delivered. */
export async function postCallback(url: string, body: string): Promise<DeliveryOutcome> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "Tessera-Callback/1" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // The status decides; an answer that stalls after it changes nothing.
    await drain(response).catch(() => {});
    const latencyMs = performance.now() - started;
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status, latencyMs };
    const error =
      response.status >= 300 && response.status < 400
        ? `Redirect (HTTP ${response.status}) not followed: configure the final URL.`
        : `HTTP ${response.status}.`;
    return { ok: false, status: response.status, latencyMs, error };
  } catch (error) {
    return { ok: false, status: null, latencyMs: performance.now() - started, error: describe(error) };
  }
}
