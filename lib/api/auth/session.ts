import "server-only";
import { type SessionDto, findSession } from "@/lib/data/sessions";

// App-user identity for /api/v1 calls after login: `Authorization: Bearer
// <session token>` naming a live session. Failures carry the SPEC 4 code;
// the route wrapper (lib/api/http/v1-route.ts) answers them.

export type SessionAuth =
  | { ok: true; session: SessionDto; token: string }
  | {
      ok: false;
      problem: "malformed" | "unknown" | "expired" | "revoked" | "app-disabled";
      code: number;
      message: string;
      fix: string;
    };

export async function authenticateSession(authorization: string | null): Promise<SessionAuth> {
  const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(authorization ?? "");
  if (!match)
    return {
      ok: false,
      problem: "malformed",
      code: 70402,
      message: "Missing or malformed Authorization header.",
      fix: "Send the session token from /api/v1/login as `Authorization: Bearer <token>`.",
    };
  const token = match[1]!;
  const lookup = await findSession(token);
  if (lookup.ok) return { ok: true, session: lookup.session, token };
  const fix = "Log in again with a fresh UserSig.";
  if (lookup.problem === "expired")
    return { ok: false, problem: "expired", code: 70001, message: "The session has expired.", fix };
  if (lookup.problem === "revoked")
    return {
      ok: false,
      problem: "revoked",
      code: 70052,
      message:
        "The session has ended (logged out, the user's login state was invalidated, or the UserSig it started with was revoked).",
      fix,
    };
  if (lookup.problem === "app-disabled")
    // The code a login to a disabled application gets (lib/data/ticket-check.ts).
    return {
      ok: false,
      problem: "app-disabled",
      code: 70020,
      message: `Application ${lookup.sdkAppId} is disabled.`,
      fix: "Log in again once the application is enabled in the console.",
    };
  return { ok: false, problem: "unknown", code: 70402, message: "Unknown session token.", fix };
}
