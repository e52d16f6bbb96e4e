/*
 * The text a UserSig's HMAC covers (SPEC 2.2) and the HMAC itself. Server
 * only: it needs node:crypto and the app's secret key.
 */
import { createHmac, createSecretKey, type KeyObject } from "node:crypto";

export function signedContent(
  identifier: string,
  sdkAppId: number,
  time: number,
  expire: number,
  userBuf?: string,
): string {
  const content = `TLS.identifier:${identifier}\nTLS.sdkappid:${sdkAppId}\nTLS.time:${time}\nTLS.expire:${expire}\n`;
  return userBuf === undefined ? content : `${content}TLS.userbuf:${userBuf}\n`;
}

// KeyObjects skip re-encoding the key string on every HMAC. Bounded because
// callers may pass many keys over time; clearing all at once is simplest and
// a miss costs only about a microsecond.
const MAX_CACHED_KEYS = 256;
const keyCache = new Map<string, KeyObject>();

function keyObject(key: string): KeyObject {
  let k = keyCache.get(key);
  if (k === undefined) {
    if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
    // The key is used as its UTF-8 text, not hex-decoded, exactly as the official libraries do.
    k = createSecretKey(Buffer.from(key, "utf8"));
    keyCache.set(key, k);
  }
  return k;
}

export function hmacSha256(key: string, content: string): Buffer {
  return createHmac("sha256", keyObject(key)).update(content).digest();
}

export function hmacSha256Base64(key: string, content: string): string {
  return createHmac("sha256", keyObject(key)).update(content).digest("base64");
}
