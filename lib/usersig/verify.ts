/*
 * UserSig verification (server only: needs node:crypto and the keys).
 *
 * Order of checks: decode → SDKAppID → UserID → signature → issue time →
 * expiry. SDKAppID and UserID come first because they are readable by anyone
 * who holds the ticket, so reporting them leaks nothing and gives the most
 * useful message. The signature is checked before the dates so that 70001
 * ("expired, generate a new one") and 70005 ("issued in the future, fix your
 * clock") are only ever said about a genuine ticket: a forged or tampered
 * ticket always gets 70009, whatever its dates say.
 *
 * A ticket dated ahead of this clock is refused beyond a leeway for the
 * signer's clock skew: no honest signer dates a ticket later than its own
 * now, and a kick (which compares TLS.time with the moment of the kick) would
 * otherwise never catch a ticket dated after it.
 *
 * Every key is tried, with no early exit, and compared in constant time, so
 * timing shows neither which key matched nor how much of the HMAC did.
 */
import { timingSafeEqual } from "node:crypto";
import { CODES, DEFAULT_CLOCK_SKEW_SECONDS } from "./constants";
import { decodeStandardBase64 } from "./escaped-base64";
import { decodeTicket } from "./decode";
import { hmacSha256, signedContent } from "./signed-content";
import { reject, type DecodedUserSig, type Rejection } from "./types";

export type VerifyInput = {
  ticket: string;
  sdkAppId: number;
  userId: string;
  /** The app's usable keys (leave out retired ones); keyIndex in the result points into this list. */
  keys: readonly string[] | readonly { key: string; version: number }[];
  /** Unix seconds; defaults to the system clock. */
  now?: number;
  /** Extra seconds a ticket stays valid after its expiry, for clock skew (default 0). */
  leewaySeconds?: number;
  /** How many seconds TLS.time may be ahead of `now`, for the signer's clock skew (default 300). */
  futureLeewaySeconds?: number;
  /** When given, the ticket must carry exactly this userbuf (as official verifiers do for PrivateMapKeys). */
  userBuf?: Uint8Array;
};

export type VerifyResult = { ok: true; value: DecodedUserSig; expiresAt: number; keyIndex: number } | Rejection;

const FIX_NEW_TICKET =
  "Generate a new UserSig on your App Server with this app's current key, for this UserID and SDKAppID.";

export function verifyUserSig(input: VerifyInput): VerifyResult {
  const keys = ((input.keys ?? []) as readonly (string | { key: string })[]).map((k) =>
    typeof k === "string" ? k : k.key,
  );
  if (keys.length === 0) {
    return reject(
      CODES.noKey,
      `No key is configured for SDKAppID ${input.sdkAppId}.`,
      "Create or restore a secret key for this app in the console, then generate UserSigs with it.",
    );
  }
  const decoded = decodeTicket(input.ticket);
  if ("code" in decoded) return decoded;
  const { value, sigBytes } = decoded;

  if (value.sdkAppId !== input.sdkAppId) {
    return reject(
      CODES.sdkAppIdMismatch,
      `The UserSig was issued for SDKAppID ${value.sdkAppId}, but the request is for SDKAppID ${input.sdkAppId}.`,
      `Generate the UserSig with SDKAppID ${input.sdkAppId} and that app's key, or log in to app ${value.sdkAppId}.`,
    );
  }
  if (value.identifier !== input.userId) {
    return reject(
      CODES.userIdMismatch,
      `The UserSig was issued for UserID ${JSON.stringify(value.identifier)}, but the login uses UserID ${JSON.stringify(input.userId)}.`,
      "Log in with the UserID the UserSig was generated for, or generate a UserSig for this UserID.",
    );
  }
  if (input.userBuf !== undefined && !sameUserBuf(value.userBuf, input.userBuf)) {
    return reject(
      CODES.badSignature,
      "The UserSig does not carry the expected userbuf (PrivateMapKey room or privileges differ).",
      "Generate the PrivateMapKey again for this room and these privileges.",
    );
  }

  const content = signedContent(value.identifier, value.sdkAppId, value.time, value.expire, value.userBuf);
  let keyIndex = -1;
  for (let i = 0; i < keys.length; i++) {
    const matches = timingSafeEqual(hmacSha256(keys[i]!, content), sigBytes);
    if (matches && keyIndex === -1) keyIndex = i;
  }
  if (keyIndex === -1) {
    return reject(
      CODES.badSignature,
      `The UserSig's signature does not match ${keys.length === 1 ? "the key" : `any of the ${keys.length} keys`} of SDKAppID ${input.sdkAppId}: it was signed with another key (a different app, a retired key) or altered.`,
      FIX_NEW_TICKET,
    );
  }

  const now = input.now ?? Math.floor(Date.now() / 1000);
  const ahead = value.time - now;
  const futureLeeway = input.futureLeewaySeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  if (ahead > futureLeeway) {
    return reject(
      CODES.badFields,
      `The UserSig was issued ${ahead} seconds in the future: TLS.time is ${isoTime(value.time)}, this server's clock says ${isoTime(now)}, and at most ${futureLeeway} seconds of clock skew are accepted.`,
      "Sync the signing machine's clock (NTP), or sign with the server's time (Tessera answers it at GET /api/v1/time).",
    );
  }
  const expiresAt = value.time + value.expire;
  if (now > expiresAt + (input.leewaySeconds ?? 0)) {
    return reject(
      CODES.expired,
      `The UserSig expired at ${isoTime(expiresAt)} (${now - expiresAt} seconds ago); it was issued at ${isoTime(value.time)} for ${value.expire} seconds.`,
      "Generate a new UserSig on your App Server; clients should fetch a fresh one before the old one expires.",
    );
  }
  return { ok: true, value, expiresAt, keyIndex };
}

function sameUserBuf(ticketUserBuf: string | undefined, expected: Uint8Array): boolean {
  if (ticketUserBuf === undefined) return false;
  const decoded = decodeStandardBase64(ticketUserBuf);
  if (!decoded.ok || decoded.bytes.length !== expected.length) return false;
  return decoded.bytes.every((b, i) => b === expected[i]);
}

function isoTime(unixSeconds: number): string {
  const ms = unixSeconds * 1000;
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString().replace(".000Z", "Z") : `${unixSeconds} (Unix seconds)`;
}
