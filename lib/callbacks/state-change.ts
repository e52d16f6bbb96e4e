import { createHash } from "node:crypto";
import { ACTION_OF, type CallbackReason } from "@/lib/callbacks/actions";

// Tencent's state-change callback (CallbackCommand State.StateChange), as
// its App Servers already parse it (SPEC 6a; Tencent's "Status Change
// Webhooks" and "Third-Party Callback Overview: Security" pages). Pure
// functions: the worker (lib/callbacks/worker.ts) sends what they build.
//
// Tessera has sessions, not TCP connections, so each action is one
// session's: Login when a session starts, Logout when its client logs out,
// Disconnect when Tessera ends it (a kick, "Invalidate login", a revoked
// UserSig, a deleted account: LinkClose) or it runs out (TimeOut). A login
// never displaces another device's session, so KickedDevice, which Tencent
// sends only on a Login that logged other devices out, never applies.

export type StateChange = {
  sdkAppId: number;
  userId: string;
  reason: CallbackReason;
  eventTime: Date;
  /** The address of the client whose session this is (or that logged out). */
  clientIp: string;
  /** The session's platform as the client named it at login (lib/validations/api.ts PLATFORMS). */
  platform: string;
};

/** The request body, keys in Tencent's order. */
export function stateChangeBody(event: Pick<StateChange, "userId" | "reason" | "eventTime">): string {
  return JSON.stringify({
    CallbackCommand: "State.StateChange",
    EventTime: event.eventTime.getTime(),
    Info: { Action: ACTION_OF[event.reason], To_Account: event.userId, Reason: event.reason },
  });
}

// Tencent's OptPlatform names (RESTAPI, Web, Android, iOS, Windows, Mac,
// iPad, Unknown) for the platforms a login may name; Linux is kept, as
// Tencent's KickedDevice names it.
const OPT_PLATFORM: Record<string, string> = { iPhone: "iOS", PC: "Windows" };

export const optPlatform = (platform: string) => OPT_PLATFORM[platform] ?? platform;

/** Tencent's callback authentication: hex SHA-256 of the token followed by RequestTime (Unix seconds, decimal). */
export function callbackSign(token: string, requestTime: number): string {
  return createHash("sha256").update(`${token}${requestTime}`).digest("hex");
}

/**
 * The URL one attempt is posted to: the configured URL with Tencent's query
 * parameters appended (its own query kept as written), and, when a token is
 * configured, RequestTime and Sign for this attempt.
 */
export function stateChangeUrl(
  base: string,
  event: Pick<StateChange, "sdkAppId" | "clientIp" | "platform">,
  signing?: { token: string; requestTime: number },
): string {
  const params = new URLSearchParams({
    SdkAppid: String(event.sdkAppId),
    CallbackCommand: "State.StateChange",
    contenttype: "json",
    ClientIP: event.clientIp,
    OptPlatform: optPlatform(event.platform),
  });
  if (signing) {
    params.set("RequestTime", String(signing.requestTime));
    params.set("Sign", callbackSign(signing.token, signing.requestTime));
  }
  return `${base}${base.includes("?") ? (/[?&]$/.test(base) ? "" : "&") : "?"}${params}`;
}
