import { openApiDocument } from "@/lib/api/docs/openapi";
import {
  ADMIN_USERSIG_CODES,
  adminQuery,
  array,
  int,
  jsonResponse,
  object,
  ref,
  str,
  v1Errors,
} from "@/lib/api/docs/openapi-parts";
import { ApiRefusal } from "@/lib/api/http/responses";
import { runRest } from "@/lib/api/http/rest-route";
import { type AdminIdentity } from "@/lib/api/auth/app-admin";
import { login } from "@/lib/api/services/login";
import { issueForAppServer } from "@/lib/api/services/usersig-issue";
import { databaseReachable } from "@/lib/data/health";
import { auditRejected } from "@/lib/data/rejections";
import { revokeTickets } from "@/lib/data/revocations";
import { endSession } from "@/lib/data/sessions";
import { AppError } from "@/lib/errors";
import { MAX_BODY_BYTES } from "@/lib/validations/limits";
import {
  MAX_REVOKE_BATCH,
  MAX_USERSIG_BATCH,
  loginSchema,
  revokeRequestSchema,
  usersigRequestSchema,
} from "@/lib/validations/api";
import { type MachineRoute, Reply, v1Route } from "@/lib/server/route";

// The route table: every machine-facing route, answered by Tessera's server
// without entering Next (lib/server/http-server.ts). Each entry is the one
// definition of its route: path, method, who may call it, the zod schema of
// its body, its OpenAPI documentation and its handler. Everything else (the
// console's pages, server actions, next-auth, exports, the key reveal) is
// Next's.

const login_ = v1Route({
  method: "POST",
  path: "/api/v1/login",
  access: "public",
  body: {
    schema: loginSchema,
    maxBytes: MAX_BODY_BYTES.login,
    example: { sdkAppId: 1400000000, userId: "27149", userSig: "eJw...", platform: "Android" },
    fix: 'Send a JSON object {"sdkAppId": number, "userId": string, "userSig": string}.',
    rejectAction: "login.reject",
  },
  docs: {
    tags: ["User login"],
    summary: "Log in with UserID + UserSig",
    description:
      "Verifies the UserSig (app enabled, signed by a live key, not dated more than TESSERA_CLOCK_SKEW_SECONDS ahead of the server's clock (70005), not expired, not invalidated) and starts a session that ends at the UserSig's expiry or after 7 days, whichever is first. A UserID's first login creates its account. Failed attempts are throttled (70050 with Retry-After) per client address and per client and UserID, refused before any verification; per UserID across clients only failures are refused, so a valid UserSig still logs in while its UserID is under attack.",
    responses: {
      "200": jsonResponse(
        "Logged in",
        object({
          token: str,
          tokenType: { const: "Bearer" },
          expiresAt: { type: "string", format: "date-time" },
          expiresIn: int,
          sdkAppId: int,
          userId: str,
        }),
      ),
      ...v1Errors,
    },
    "x-codes": [70001, 70002, 70003, 70005, 70009, 70013, 70014, 70016, 70020, 70050, 70051, 70052, 70402],
  },
  handle: async ({ caller, body }) => {
    const result = await login({ ...body, ip: caller.ip });
    if (!result.ok) throw new ApiRefusal(result.code, result.message, result.fix, result.retryAfter);
    return {
      token: result.token,
      tokenType: "Bearer",
      expiresAt: result.expiresAt.toISOString(),
      expiresIn: Math.max(0, Math.floor((result.expiresAt.getTime() - Date.now()) / 1000)),
      sdkAppId: result.sdkAppId,
      userId: result.userId,
    };
  },
});

const sessionDocs = (summary: string, ok: object) => ({
  tags: ["User login"],
  summary,
  security: [{ session: [] }],
  responses: { "200": ok, "401": v1Errors["401"], "400": v1Errors["400"] },
  "x-codes": [70001, 70052, 70402],
});

const session = v1Route({
  method: "GET",
  path: "/api/v1/session",
  access: "app-user session",
  docs: sessionDocs("The session's user and expiry", jsonResponse("The live session", ref("Session"))),
  handle: async ({ caller: { session } }) => ({
    sdkAppId: session.sdkAppId,
    userId: session.userId,
    createdAt: session.createdAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
  }),
});

const logout = v1Route({
  method: "POST",
  path: "/api/v1/logout",
  access: "app-user session",
  docs: sessionDocs("End the session", jsonResponse("Logged out", object({ ok: { const: true } }))),
  handle: async ({ caller: { session, token, ip } }) => {
    await endSession({ type: "user", id: session.userId, ip }, token);
    return { ok: true };
  },
});

const readiness = v1Route({
  method: "GET",
  path: "/api/v1/health",
  access: "public",
  docs: {
    tags: ["Operations"],
    summary: "Readiness",
    description:
      "200 while the database answers, else 503, for load balancers and process managers. No authentication; never cached.",
    responses: {
      "200": jsonResponse("Ready", object({ ok: { const: true } }, ["ok"])),
      "503": jsonResponse("The database is not reachable", object({ ok: { const: false }, error: str }, ["ok"])),
    },
    "x-codes": [],
  },
  handle: async () =>
    (await databaseReachable()) ? { ok: true } : new Reply(503, { ok: false, error: "The database is not reachable." }),
});

// Liveness: answers while the process does, touching nothing.
const liveness = v1Route({
  method: "GET",
  path: "/api/health",
  access: "public",
  docs: {
    tags: ["Operations"],
    summary: "Liveness",
    description: "200 while the process answers; it touches nothing else. No authentication; never cached.",
    responses: { "200": jsonResponse("Alive", object({ ok: { const: true } }, ["ok"])) },
    "x-codes": [],
  },
  handle: async () => ({ ok: true }),
});

const time = v1Route({
  method: "GET",
  path: "/api/v1/time",
  access: "public",
  docs: {
    tags: ["UserSig issuance"],
    summary: "The server's Unix time",
    description:
      "For App Servers and clients whose clock is wrong: a UserSig dated more than TESSERA_CLOCK_SKEW_SECONDS (default 300) ahead of the server's clock is refused with 70005, so sign with this time instead (a clock that is behind only shortens the UserSig's life). No authentication; never cached.",
    responses: {
      "200": jsonResponse(
        "The server's clock",
        object(
          {
            time: { type: "integer", description: "Unix seconds" },
            timeMs: { type: "integer", description: "Unix milliseconds" },
          },
          ["time", "timeMs"],
        ),
      ),
    },
    "x-codes": [],
  },
  // Never cached (every answer is no-store): a stored answer would be a wrong clock.
  handle: async () => {
    const timeMs = Date.now();
    return { time: Math.floor(timeMs / 1000), timeMs };
  },
});

const openApi = v1Route({
  method: "GET",
  path: "/api/openapi.json",
  access: "public",
  docs: {
    tags: ["Operations"],
    summary: "This document",
    responses: { "200": jsonResponse("The OpenAPI 3.1 document", { type: "object" }) },
    "x-codes": [],
  },
  handle: async () => openApiDocument(),
});

/** Audits a refused App Server request under `action` and refuses it. */
async function refuseAdmin(
  caller: { admin: AdminIdentity },
  action: "usersig.reject" | "usersig.revoke",
  code: number,
  message: string,
  fix?: string,
): Promise<never> {
  await auditRejected({
    actor: caller.admin.actor,
    action,
    sdkAppId: caller.admin.sdkAppId,
    code,
    details: { reason: message },
  });
  throw new ApiRefusal(code, message, fix);
}

const issueUserSigs = v1Route({
  method: "POST",
  path: "/api/v1/usersig",
  access: "app-admin UserSig",
  body: {
    schema: usersigRequestSchema,
    maxBytes: MAX_BODY_BYTES.usersig,
    example: { userIds: ["27149", "27150"], expire: 86400, privateMapKey: { room: 1234, privileges: 42, expire: 600 } },
    fix: 'Send {"userIds": [...], "expire"?: seconds, "privateMapKey"?: {"room", "privileges", "expire"?}}.',
    rejectAction: "usersig.reject",
  },
  docs: {
    tags: ["UserSig issuance"],
    summary: "Issue UserSigs (and PrivateMapKeys) as an app admin",
    description: `For App Servers that do not keep the secret key. Authenticate with the REST API's query parameters. Up to ${MAX_USERSIG_BATCH} UserIDs per call; every ticket is recorded in the ledger and the audit log. UserSig validity defaults to 180 days, PrivateMapKey validity to 300 seconds. Failed authentications are throttled per client and per identifier (429, 70050, Retry-After).`,
    parameters: adminQuery,
    responses: {
      "200": jsonResponse(
        "Issued tickets",
        object({
          sdkAppId: int,
          userSigs: array(object({ userId: str, userSig: str, expire: int, expiresAt: int })),
          privateMapKeys: array(
            object({ userId: str, privateMapKey: str, room: { oneOf: [int, str] }, expire: int, expiresAt: int }),
          ),
        }),
      ),
      ...v1Errors,
    },
    "x-codes": [...ADMIN_USERSIG_CODES, 70020, 70050, 70402, 70403],
  },
  handle: async ({ caller, body }) => {
    try {
      return await issueForAppServer(caller.admin, body);
    } catch (error) {
      if (error instanceof AppError) return refuseAdmin(caller, "usersig.reject", error.code, error.message);
      throw error;
    }
  },
});

const revokeUserSigs = v1Route({
  method: "POST",
  path: "/api/v1/usersig/revoke",
  access: "app-admin UserSig",
  body: {
    schema: revokeRequestSchema,
    maxBytes: MAX_BODY_BYTES.revoke,
    example: { userSigs: ["eJyrVkrxCc..."] },
    fix: 'Send {"userSigs": ["...", ...]} with 1 to 100 UserSigs.',
    rejectAction: "usersig.revoke",
  },
  docs: {
    tags: ["UserSig issuance"],
    summary: "Revoke UserSigs as an app admin",
    description: `Up to ${MAX_REVOKE_BATCH} UserSigs of this app per call, including ones the App Server signed itself. Each must verify with one of the app's live keys; each is answered on its own, in order. A revoked UserSig is refused at login and as a REST admin credential with 70052 (the reason says when it was revoked), and the sessions it started end at once. Revoking again is harmless. Revocations are kept until the UserSig would have expired. Audited as usersig.revoke.`,
    parameters: adminQuery,
    responses: {
      "200": jsonResponse(
        "One result per UserSig: code 0 when revoked (or already revoked), else the UserSig's rejection code (70001 expired, 70003 malformed, 70009 not signed with this app's keys, 70014 another app's)",
        object({
          sdkAppId: int,
          results: array(
            object(
              {
                index: int,
                ok: { type: "boolean" },
                code: int,
                message: str,
                userId: str,
                expiresAt: int,
                sessionsEnded: int,
              },
              ["index", "ok", "code", "message"],
            ),
          ),
        }),
      ),
      ...v1Errors,
    },
    "x-codes": [...ADMIN_USERSIG_CODES, 70020, 70050, 70402, 70403],
  },
  handle: async ({ caller, body }) => {
    const outcomes = await revokeTickets(caller.admin.actor, caller.admin.sdkAppId, body.userSigs);
    return {
      sdkAppId: caller.admin.sdkAppId,
      results: outcomes.map((o) =>
        o.ok
          ? {
              index: o.index,
              ok: true,
              code: 0,
              message: o.alreadyRevoked ? "Already revoked." : "Revoked.",
              userId: o.userId,
              expiresAt: o.expiresAt,
              sessionsEnded: o.sessionsEnded,
            }
          : { index: o.index, ok: false, code: o.code, message: o.message },
      ),
    };
  },
});

export const ROUTES: readonly MachineRoute[] = [
  liveness,
  readiness,
  time,
  openApi,
  login_,
  session,
  logout,
  issueUserSigs,
  revokeUserSigs,
  // Every /v4 command, and any method (a wrong one is answered 60008 in the envelope).
  { family: "rest", path: "/v4/:service/:command", access: "app-admin UserSig", handle: runRest },
];

/** Paths the server answers itself (never Next): the table's, and anything under its prefixes (answered 404 there). */
export const MACHINE_PREFIXES = ["/api/v1/", "/v4/"] as const;
