import "server-only";
import { type Actor } from "@/lib/data/audit";
import { BUILT_IN_ADMIN } from "@/lib/data/admins";
import { findApp } from "@/lib/data/apps";
import { auditRejected } from "@/lib/data/rejections";
import { attemptTicket } from "@/lib/api/auth/ticket-attempt";
import { validateUserId } from "@/lib/usersig";

// App-admin identity for App Server calls (REST /v4 and /api/v1/usersig):
// `?sdkappid=&identifier=&usersig=` in the query string, as Tencent's REST
// API takes them. Each failure carries the REST envelope's code and the SPEC 4
// code, so both API families can answer in their own shape: they differ for
// problems with the URL, the app, the identifier or the rate (60xxx in the
// envelope) and agree when the UserSig itself is rejected, where Tencent's
// REST API answers the UserSig's own 70xxx code (clients branch on 70001 to
// make a fresh admin UserSig). Every failure is audited, and failed attempts
// are throttled per client and per identifier (lib/api/auth/ticket-attempt.ts).

export type AdminIdentity = { sdkAppId: number; identifier: string; actor: Actor };

export type AdminAuthFailure = {
  ok: false;
  restCode: number;
  code: number;
  message: string;
  fix: string;
  retryAfter?: number;
};

const fail = (restCode: number, code: number, message: string, fix: string, retryAfter?: number): AdminAuthFailure => ({
  ok: false,
  restCode,
  code,
  message,
  fix,
  ...(retryAfter !== undefined && { retryAfter }),
});

function authenticate(
  params: URLSearchParams,
): { ok: true; sdkAppId: number; identifier: string; usersig: string } | AdminAuthFailure {
  const ids = params.getAll("sdkappid");
  if (ids.length === 0 || ids[0] === "")
    return fail(60012, 70402, "The sdkappid query parameter is missing.", "Add ?sdkappid=<your SDKAppID> to the URL.");
  if (ids.length > 1 || !/^[1-9][0-9]{0,9}$/.test(ids[0]!))
    return fail(
      60006,
      70402,
      `sdkappid "${ids.join(",").slice(0, 40)}" is not a valid SDKAppID.`,
      "Use the numeric SDKAppID shown in the console.",
    );
  const identifiers = params.getAll("identifier");
  if (identifiers.length === 0 || identifiers[0] === "")
    return fail(
      60004,
      70402,
      "The identifier query parameter is missing.",
      "Add &identifier=<an app admin's UserID>, for example administrator.",
    );
  const problem = identifiers.length > 1 ? "identifier is given more than once" : validateUserId(identifiers[0]!);
  if (problem)
    return fail(60015, 70402, `Invalid identifier: ${problem}`, "Use an app admin's UserID as the identifier.");
  const usersigs = params.getAll("usersig");
  if (usersigs.length === 0 || usersigs[0] === "")
    return fail(
      70002,
      70002,
      "UserSig verification failed (70002): the usersig query parameter is missing or empty.",
      "Add &usersig=<a UserSig generated for the identifier>.",
    );
  return { ok: true, sdkAppId: Number(ids[0]), identifier: identifiers[0]!, usersig: usersigs[0]! };
}

export async function authenticateAppAdmin(
  params: URLSearchParams,
  ip: string,
  family: "rest" | "v1",
): Promise<({ ok: true } & AdminIdentity) | AdminAuthFailure> {
  const parsed = authenticate(params);
  const identifier = parsed.ok ? parsed.identifier : (params.get("identifier") ?? "").slice(0, 64);
  const sdkAppId = parsed.ok ? parsed.sdkAppId : null;
  const result = parsed.ok ? await verify(parsed.sdkAppId, parsed.identifier, parsed.usersig, ip) : parsed;
  if (!result.ok) {
    const app = sdkAppId !== null && (await findApp(sdkAppId)) ? sdkAppId : null;
    const code = family === "rest" ? result.restCode : result.code;
    await auditRejected({
      actor: { type: "anonymous", id: identifier, ip },
      action: family === "rest" ? "rest.reject" : "usersig.reject",
      sdkAppId: app,
      target: identifier,
      code,
      details: { reason: result.message },
    });
    return result;
  }
  return {
    ok: true,
    sdkAppId: parsed.ok ? parsed.sdkAppId : 0,
    identifier,
    actor: { type: "app-admin", id: identifier, ip },
  };
}

async function verify(
  sdkAppId: number,
  identifier: string,
  usersig: string,
  ip: string,
): Promise<{ ok: true } | AdminAuthFailure> {
  const attempt = await attemptTicket({ scope: "admin", ip, sdkAppId, userId: identifier, ticket: usersig });
  const wait = attempt.retryAfter;
  const throttled = (who: string) =>
    fail(
      60007,
      70050,
      `Too many failed authentication attempts ${who}.`,
      `Retry after ${wait} seconds with a valid UserSig.`,
      wait,
    );
  if (attempt.refused) return throttled("from this client");
  const { appStatus, adminSince, check } = attempt;
  if (appStatus === null)
    return fail(60006, 70020, `SDKAppID ${sdkAppId} does not exist.`, "Check the sdkappid against the console.");
  if (appStatus !== "enabled")
    return fail(60016, 70020, `Application ${sdkAppId} is disabled.`, "Enable the application in the console.");
  if (!check.ok && wait > 0) return throttled(`for identifier "${identifier}"`);
  if (!check.ok)
    return fail(check.code, check.code, `UserSig verification failed (${check.code}): ${check.reason}`, check.fix);
  if (adminSince === null) {
    return fail(
      60010,
      70403,
      `"${identifier}" is not an app admin of application ${sdkAppId}.`,
      "Call with an app admin's identifier (administrator is always one), or add this UserID as an app admin in the console.",
    );
  }
  return signedAsAdmin(identifier, sdkAppId, check.value.time, adminSince);
}

/**
 * A UserSig is an admin credential only if it was signed once its identifier
 * was an app admin: a developer may mint UserSigs for plain UserIDs (up to 7
 * days), and one minted before an operator made that UserID an app admin must
 * not become an admin credential then. TLS.time counts whole seconds, so a
 * UserSig dated the second the admin was added is accepted. The built-in
 * administrator has been an admin since the app exists.
 */
function signedAsAdmin(
  identifier: string,
  sdkAppId: number,
  time: number,
  adminSince: Date,
): { ok: true } | AdminAuthFailure {
  if (identifier === BUILT_IN_ADMIN || time >= Math.floor(adminSince.getTime() / 1000)) return { ok: true };
  return fail(
    70052,
    70052,
    `UserSig verification failed (70052): this UserSig was signed at ${new Date(time * 1000).toISOString()}, before "${identifier}" became an app admin of application ${sdkAppId} at ${adminSince.toISOString()}, so it is not an admin credential.`,
    `Generate a new UserSig for "${identifier}".`,
  );
}
