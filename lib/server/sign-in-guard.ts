import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Answer, NO_STORE } from "@/lib/api/http/responses";
import { clientIp, throttleClient } from "@/lib/client-ip";
import { knownSignInClients } from "@/lib/data/operators";
import { env } from "@/lib/env";
import { logFailure } from "@/lib/log";

// next-auth's routes (/api/auth/*) run in Next, whose request plumbing costs
// a few milliseconds of the event loop per request (about 3 ms for a CSRF
// token, measured). A flood of sign-ins from many addresses would queue
// thousands of those in one turn of the event loop, ahead of every other
// request: the health route, an App Server's login. So Next takes them at
// a bounded rate (TESSERA_SIGN_IN_RATE a second, default 20: under a tenth
// of the event loop; a burst of a quarter of that) and at most CAPACITY at
// once. Past that,
// a client from which someone finished a sign-in in the last 30 days is
// still let in (the owner, during the attack), and any other is answered
// 429 with Retry-After at once. The known clients are few and kept in
// memory, refreshed every REFRESH_MS, so a refusal costs no query. Behind
// this, password hashes have their own bound (lib/auth/hash-gate.ts).

export const SIGN_IN_PREFIX = "/api/auth/";
const CAPACITY = 16;
const RETRY_SECONDS = 2;
const REFRESH_MS = 10_000;

let inNext = 0;
let tokens = 0;
let filledAt = 0;
let known = new Set<string>();
let knownAt = 0;
let refreshing = false;

function refreshKnownClients(): void {
  if (refreshing || Date.now() - knownAt < REFRESH_MS) return;
  refreshing = true;
  knownSignInClients()
    .then((clients) => {
      known = clients;
      knownAt = Date.now();
    })
    .catch((error: unknown) => logFailure("reading the known sign-in clients failed", error))
    .finally(() => (refreshing = false));
}

/** Null when the request may go on to next-auth, else the answer that refuses it for now. */
export function admitToSignIn(request: IncomingMessage, response: ServerResponse): Answer | null {
  refreshKnownClients();
  const client = throttleClient(clientIp(String(request.headers["x-forwarded-for"])));
  if (!known.has(client) && !(inNext < CAPACITY && takeToken())) return busy();
  inNext++;
  response.once("close", () => {
    inNext--;
    // A sign-in finished here: known from now on, before the next refresh says so.
    if (startsSession(response)) known.add(client);
  });
  return null;
}

const startsSession = (response: ServerResponse) =>
  [response.getHeader("set-cookie") ?? []].flat().some((cookie) => /session-token=[^;]/.test(String(cookie)));

function takeToken(): boolean {
  const rate = env().TESSERA_SIGN_IN_RATE;
  const burst = Math.max(5, rate / 4);
  const now = Date.now();
  tokens = Math.min(burst, tokens + ((now - filledAt) / 1000) * rate);
  filledAt = now;
  if (tokens < 1) return false;
  tokens -= 1;
  return true;
}

function busy(): Answer {
  const message = `Too many sign-ins at once. Try again in ${RETRY_SECONDS} seconds.`;
  // next-auth's client reads the refusal from `url`, as from its own answers.
  const url = `${env().NEXTAUTH_URL ?? ""}/sign-in?error=${encodeURIComponent(message)}`;
  return {
    status: 429,
    body: { url, error: message },
    headers: { ...NO_STORE, "Retry-After": String(RETRY_SECONDS) },
  };
}
