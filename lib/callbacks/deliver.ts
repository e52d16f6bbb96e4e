import "server-only";
import { type Dispatcher, request } from "undici";
import type { DeliveryOutcome } from "@/lib/data/callback-outbox";
import { defaultCallbackDispatcher } from "@/lib/callbacks/outbound";

// One HTTP attempt of a callback. The URL is an operator's, so where it may
// lead is decided by the dispatcher (lib/callbacks/outbound.ts): public
// addresses only, unless the deployment allows an internal network. The
// attempt is bounded too: http(s) only (checked when the URL is configured),
// no redirect followed (a 3xx is a failure, so a public URL cannot bounce it
// elsewhere), TIMEOUT_MS for the whole exchange, name resolution included,
// and at most MAX_READ bytes of the answer read (a small answer is read to
// its end so the connection can be reused). Errors name what happened, never
// the URL (it carries Sign) or the token; a refused destination names the
// address and why, which the operator needs to fix it.

export const TIMEOUT_MS = 2000;
const MAX_READ = 4096;

/** Reads at most MAX_READ bytes of the body and discards them; the rest is let go. */
async function drain(body: Dispatcher.ResponseData["body"]): Promise<void> {
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).byteLength;
      if (size >= MAX_READ) break;
    }
  } finally {
    body.destroy();
  }
}

function describe(error: unknown): string {
  const {
    name,
    code: ownCode,
    message,
    cause,
  } = error as {
    name?: string;
    code?: string;
    message?: string;
    cause?: { code?: string };
  };
  if (name === "TimeoutError" || name === "AbortError") return `No answer within ${TIMEOUT_MS / 1000} s.`;
  const code = ownCode ?? cause?.code;
  if (code === "ERR_CALLBACK_DESTINATION") return `Not sent: ${message}`;
  if (code === "ECONNREFUSED") return "Connection refused.";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ENODATA") return "The host name did not resolve.";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "The connection was closed before an answer came.";
  if (code === "UND_ERR_CONNECT_TIMEOUT") return "The connection could not be opened in time.";
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return `TLS failed (${code}).`;
  return code ? `The request failed (${code}).` : "The request failed.";
}

/** Posts `body` to `url` through `dispatcher`; any 2xx is delivered. */
export async function postCallback(
  url: string,
  body: string,
  dispatcher: Dispatcher = defaultCallbackDispatcher(),
): Promise<DeliveryOutcome> {
  const started = performance.now();
  try {
    const response = await request(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Tessera-Callback/1" },
      body,
      dispatcher,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // The status decides; an answer that stalls after it changes nothing.
    await drain(response.body).catch(() => {});
    const latencyMs = performance.now() - started;
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { ok: true, status, latencyMs };
    const error =
      status >= 300 && status < 400
        ? `Redirect (HTTP ${status}) not followed: configure the final URL.`
        : `HTTP ${status}.`;
    return { ok: false, status, latencyMs, error };
  } catch (error) {
    // A refused destination was never contacted: there is no latency to show.
    const refused = (error as { code?: string }).code === "ERR_CALLBACK_DESTINATION";
    return { ok: false, status: null, latencyMs: refused ? null : performance.now() - started, error: describe(error) };
  }
}
