import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

// next-auth answers every refused sign-in alike (401 and an `error` in the
// JSON), so a refusal that says "later" (throttled, or too many sign-ins
// being hashed) is noted here by the step that refused it, and the auth
// route turns its answer into 429 with Retry-After, which clients and
// balancers understand.

type Refusal = { retryAfterSeconds?: number };
const current = new AsyncLocalStorage<Refusal>();

/** Called where a sign-in step is refused for now (lib/auth/credentials.ts). */
export function noteRetryAfter(seconds: number): void {
  const refusal = current.getStore();
  if (refusal) refusal.retryAfterSeconds = Math.max(refusal.retryAfterSeconds ?? 0, Math.ceil(seconds));
}

/** Runs next-auth; a JSON answer to a sign-in refused for now becomes 429 with Retry-After. */
export async function answeringRetryAfter(handle: () => Promise<Response>): Promise<Response> {
  const refusal: Refusal = {};
  const response = await current.run(refusal, handle);
  // A redirect (a form posted without JavaScript) stays one; the browser follows it to the message.
  const redirect = response.status >= 300 && response.status < 400;
  if (refusal.retryAfterSeconds === undefined || redirect) return response;
  const headers = new Headers(response.headers);
  headers.set("Retry-After", String(refusal.retryAfterSeconds));
  return new Response(response.body, { status: 429, headers });
}
