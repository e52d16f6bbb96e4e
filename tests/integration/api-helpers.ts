// Shared by the API integration tests: the server under test, direct access
// to its database (same DATABASE_URL) to create apps and read keys, and
// small HTTP helpers.
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { request as httpRequest } from "node:http";
import { readResponse } from "../support/http-response";

export const BASE = process.env.TESSERA_TEST_BASE_URL ?? "";
if (!BASE) throw new Error("TESSERA_TEST_BASE_URL is not set: run through tests/run-all.ts");

const { db } = await import("@/lib/db");
const { createApp } = await import("@/lib/data/apps");
const { primaryKey } = await import("@/lib/data/keys");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const usersig = await import("@/lib/usersig");

export { db, usersig };

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * A client address of its own, for throttling in one test not to touch
 * another. It is a real source address: every 127.x.y.z is this machine, and
 * the server takes the client's address from the socket, not from headers.
 */
export const freshIp = () => `127.${randomInt(1, 255)}.${randomInt(256)}.${randomInt(1, 255)}`;

export async function newApp(name = "Integration app"): Promise<number> {
  return (await createApp(SYSTEM_ACTOR, name)).sdkAppId;
}

export async function userSigFor(
  sdkAppId: number,
  userId: string,
  options: { expire?: number; now?: number; key?: string } = {},
): Promise<string> {
  const key = options.key ?? (await primaryKey(sdkAppId)).key;
  return usersig.genUserSig({ sdkAppId, key, userId, expire: options.expire, now: options.now });
}

export type Reply = { status: number; body: any; headers: Headers; text: string };

type CallInit = {
  method?: string;
  body?: unknown;
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
  base?: string;
  ip?: string;
};

/**
 * One HTTP request with node:http, so it can leave from a chosen loopback
 * address (`ip`); by default each request is a client of its own, so one
 * test's failures never throttle another's calls.
 */
export function call(path: string, init: CallInit = {}): Promise<Reply> {
  const payload = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${init.base ?? BASE}${path}`,
      {
        method: init.method ?? (payload !== undefined ? "POST" : "GET"),
        headers: {
          "content-type": "application/json",
          ...(payload !== undefined && { "content-length": String(Buffer.byteLength(payload)) }),
          ...init.headers,
        },
        localAddress: init.ip ?? freshIp(),
      },
      (response) =>
        readResponse(response).then(({ text, body }) => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers))
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
          resolve({ status: response.statusCode ?? 0, body, headers, text });
        }, reject),
    );
    request.on("error", reject);
    request.end(payload);
  });
}

export type ConsoleSignIn = {
  status: number;
  ok: boolean;
  error: string | null;
  setCookie: string;
  session: string | null;
};

/** A console sign-in through next-auth's credentials callback; `session` is the session cookie ("name=value") when it succeeded. */
export async function consoleSignIn(
  email: string,
  password: string,
  options: { ip?: string; base?: string; headers?: Record<string, string> } = {},
): Promise<ConsoleSignIn> {
  return consoleCallback("credentials", { email, password }, options);
}

/**
 * Posts to a next-auth credentials provider's callback as the sign-in pages
 * do (a CSRF token first, `json`, the caller's cookie beside the CSRF one).
 */
export async function consoleCallback(
  provider: string,
  fields: Record<string, string>,
  options: { ip?: string; base?: string; headers?: Record<string, string>; cookie?: string } = {},
): Promise<ConsoleSignIn> {
  const ip = options.ip ?? freshIp();
  const csrf = await call("/api/auth/csrf", { ip, base: options.base, headers: options.headers });
  // Refused before the form (too many sign-ins at once): the refusal's message, as the form would show it.
  if (csrf.status !== 200)
    return { status: csrf.status, ok: false, error: csrf.body?.error ?? null, setCookie: "", session: null };
  const csrfCookie = /(__Host-)?next-auth\.csrf-token=[^;]+/.exec(csrf.headers.get("set-cookie") ?? "")![0];
  const form = new URLSearchParams({ ...fields, csrfToken: csrf.body.csrfToken, json: "true" }).toString();
  const reply = await call(`/api/auth/callback/${provider}`, {
    raw: form,
    ip,
    base: options.base,
    headers: {
      ...options.headers,
      "content-type": "application/x-www-form-urlencoded",
      cookie: options.cookie ? `${csrfCookie}; ${options.cookie}` : csrfCookie,
    },
  });
  const setCookie = reply.headers.get("set-cookie") ?? "";
  const session = /(__Secure-)?next-auth\.session-token=[^;]+/.exec(setCookie)?.[0] ?? null;
  const url = typeof reply.body?.url === "string" ? reply.body.url : "";
  return {
    status: reply.status,
    ok: session !== null,
    error: url.includes("error=") ? new URL(url).searchParams.get("error") : null,
    setCookie,
    session,
  };
}

export async function login(sdkAppId: number, userId: string, userSig: string, ip = freshIp()): Promise<Reply> {
  return call("/api/v1/login", { body: { sdkAppId, userId, userSig }, ip });
}

/** The query string of a REST or App Server call as `identifier` (administrator by default). */
export async function adminQuery(
  sdkAppId: number,
  options: { identifier?: string; usersig?: string; extra?: Record<string, string> } = {},
): Promise<string> {
  const identifier = options.identifier ?? "administrator";
  const sig = options.usersig ?? (await userSigFor(sdkAppId, identifier));
  const params = new URLSearchParams({
    sdkappid: String(sdkAppId),
    identifier,
    usersig: sig,
    random: String(randomInt(2 ** 32 - 1)),
    contenttype: "json",
    ...options.extra,
  });
  return params.toString();
}

export async function rest(
  sdkAppId: number,
  command: string,
  body: unknown,
  options: Parameters<typeof adminQuery>[1] = {},
): Promise<Reply> {
  return call(`/v4/${command}?${await adminQuery(sdkAppId, options)}`, { body });
}

/** A REST answer: HTTP 200, never cached, the Tencent envelope with this ErrorCode. */
export function expectEnvelope(reply: Reply, code: number): void {
  assert.equal(reply.status, 200, reply.text);
  assert.equal(reply.headers.get("cache-control"), "no-store");
  assert.equal(reply.body.ActionStatus, code === 0 ? "OK" : "FAIL", reply.text);
  assert.equal(reply.body.ErrorCode, code, reply.text);
  assert.equal(typeof reply.body.ErrorInfo, "string");
  assert.match(reply.body.RequestId, /^[0-9a-f]{24}$/);
  if (code !== 0) assert.ok(reply.body.ErrorInfo.length > 0);
  assertClean(reply);
}

/** No stack trace, file path or database message in a response body. */
export function assertClean(reply: Reply): void {
  for (const leak of [/\bat .+\.(js|ts):\d+/, /prisma/i, /sqlite/i, /postgres/i, /node_modules/, /Error:/]) {
    if (leak.test(reply.text)) throw new Error(`response leaks internals (${leak}): ${reply.text.slice(0, 300)}`);
  }
}

/**
 * Where an audit row is looked for: always within one app or one client
 * address (each call leaves from an address of its own, see freshIp), since
 * the test files run at once against one server and write the same actions.
 */
export type AuditScope = { action: string; result?: string; target?: string } & (
  { sdkAppId: number; ip?: string } | { ip: string; sdkAppId?: number | null }
);

export async function lastAudit(where: AuditScope) {
  return db().auditEvent.findFirst({ where, orderBy: { id: "desc" } });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the wall clock is in a later whole second than `second` (Unix seconds). */
export async function waitForSecondAfter(second: number): Promise<void> {
  while (nowSeconds() <= second) await sleep(50);
}
