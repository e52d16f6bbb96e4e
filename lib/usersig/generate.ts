/*
 * UserSig and PrivateMapKey generation (server only: needs the secret key).
 *
 * The JSON text is byte-for-byte what the official Node library writes
 * (same key order, JSON.stringify escaping); only the zlib bytes differ,
 * because deflate.ts replaces zlib's per-call stream setup, which is
 * most of the official library's cost.
 */
import { DEFAULT_EXPIRE_SECONDS, type PrivilegeName } from "./constants";
import { deflateZlib } from "./deflate";
import { encodeEscapedBase64, encodeStandardBase64 } from "./escaped-base64";
import {
  checkExpire,
  checkKey,
  checkNow,
  checkPrivileges,
  checkRoom,
  checkSdkAppId,
  checkUserBuf,
  checkUserId,
} from "./generator-input";
import { UserSigInputError } from "./input-error";
import { encodePrivateMapKeyBuf } from "./private-map-key-buf";
import { hmacSha256Base64, signedContent } from "./signed-content";

type Common = { sdkAppId: number; key: string; userId: string; expire?: number; now?: number };

export function genUserSig(input: Common): string {
  const c = checkCommon(input);
  return sign(c.sdkAppId, c.key, c.userId, c.time, c.expire);
}

export function genUserSigWithUserBuf(input: Common & { userBuf: Uint8Array }): string {
  const c = checkCommon(input);
  return sign(c.sdkAppId, c.key, c.userId, c.time, c.expire, checkUserBuf(input.userBuf));
}

/** A UserSig whose userbuf grants `privileges` in `room` until now + expire (SPEC 3). */
export function genPrivateMapKey(
  input: Common & { room: number | string; privileges: number | PrivilegeName[] },
): string {
  const c = checkCommon(input);
  const room = checkRoom(input.room);
  const privileges = checkPrivileges(input.privileges);
  const expireAt = c.time + c.expire;
  if (expireAt > 0xffffffff) {
    throw new UserSigInputError(
      "expire",
      "Time + validity passes the year 2106, which the PrivateMapKey format cannot hold; use a shorter validity.",
    );
  }
  const userBuf = encodePrivateMapKeyBuf({
    account: c.userId,
    sdkAppId: c.sdkAppId,
    roomId: 0,
    ...room,
    expireAt,
    privileges,
  });
  return sign(c.sdkAppId, c.key, c.userId, c.time, c.expire, userBuf);
}

function checkCommon(input: Common) {
  if (typeof input !== "object" || input === null)
    throw new UserSigInputError("input", "Pass an object with sdkAppId, key and userId.");
  return {
    sdkAppId: checkSdkAppId(input.sdkAppId),
    key: checkKey(input.key),
    userId: checkUserId(input.userId),
    expire: checkExpire(input.expire ?? DEFAULT_EXPIRE_SECONDS),
    time: checkNow(input.now),
  };
}

// Reused: the JSON is always ASCII (validated UserID, digits, base64), so
// its length in bytes is its length in characters.
let jsonBytes = new Uint8Array(2048);
const utf8 = new TextEncoder();

function sign(
  sdkAppId: number,
  key: string,
  userId: string,
  time: number,
  expire: number,
  userBuf?: Uint8Array,
): string {
  const base64UserBuf = userBuf === undefined ? undefined : encodeStandardBase64(userBuf);
  const sig = hmacSha256Base64(key, signedContent(userId, sdkAppId, time, expire, base64UserBuf));
  const json =
    `{"TLS.ver":"2.0","TLS.identifier":${JSON.stringify(userId)},"TLS.sdkappid":${sdkAppId},"TLS.time":${time},"TLS.expire":${expire}` +
    (base64UserBuf === undefined ? "" : `,"TLS.userbuf":"${base64UserBuf}"`) +
    `,"TLS.sig":"${sig}"}`;
  if (jsonBytes.length < json.length) jsonBytes = new Uint8Array(json.length * 2);
  const { written } = utf8.encodeInto(json, jsonBytes);
  return encodeEscapedBase64(deflateZlib(jsonBytes, written));
}
