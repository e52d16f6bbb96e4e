/*
 * The PrivateMapKey userbuf (SPEC 3), big-endian:
 *   version (1: 0 numeric room, 1 string room) | account length (2) | account |
 *   SDKAppID (4) | room number (4, 0 for string rooms) | absolute expiry (4) |
 *   privilege map (4) | account type (4, always 0) | [room length (2) | room]
 * Names are written as UTF-8 with their byte length, as Go does; for ASCII,
 * which UserIDs always are, that is also what Node and Java write.
 * Browser-safe: the console's decode view parses userbufs with it.
 */
import { CODES, PRIVILEGES, type PrivilegeName } from "./constants";
import { reject, type Rejection } from "./types";

export type PrivateMapKeyFields = {
  /** 0 = numeric room, 1 = string room */
  version: 0 | 1;
  account: string;
  sdkAppId: number;
  /** 0 for string rooms */
  roomId: number;
  roomStr?: string;
  /** absolute Unix seconds */
  expireAt: number;
  privileges: number;
  privilegeNames: PrivilegeName[];
  accountType: number;
};

const FIXED_BYTES = 1 + 2 + 4 + 4 + 4 + 4 + 4;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function encodePrivateMapKeyBuf(
  f: Pick<PrivateMapKeyFields, "account" | "sdkAppId" | "roomId" | "roomStr" | "expireAt" | "privileges">,
): Uint8Array {
  const account = utf8Encoder.encode(f.account);
  const room = f.roomStr === undefined ? null : utf8Encoder.encode(f.roomStr);
  const buf = new Uint8Array(FIXED_BYTES + account.length + (room ? 2 + room.length : 0));
  const view = new DataView(buf.buffer);
  let o = 0;
  view.setUint8(o, room ? 1 : 0);
  view.setUint16((o += 1), account.length);
  buf.set(account, (o += 2));
  view.setUint32((o += account.length), f.sdkAppId);
  view.setUint32((o += 4), room ? 0 : f.roomId);
  view.setUint32((o += 4), f.expireAt);
  view.setUint32((o += 4), f.privileges);
  view.setUint32((o += 4), 0);
  if (room) {
    view.setUint16((o += 4), room.length);
    buf.set(room, o + 2);
  }
  return buf;
}

/** Parses a PrivateMapKey userbuf; refuses anything that is not exactly one well-formed block. */
export function decodePrivateMapKeyBuf(userBuf: Uint8Array): { ok: true; value: PrivateMapKeyFields } | Rejection {
  const view = new DataView(userBuf.buffer, userBuf.byteOffset, userBuf.byteLength);
  const bad = (why: string) =>
    reject(
      CODES.badFields,
      `The userbuf is not a PrivateMapKey block: ${why}.`,
      "Generate the PrivateMapKey again with Tessera or an official TLS sig API v2 library.",
    );
  if (userBuf.length < FIXED_BYTES)
    return bad(`it is ${userBuf.length} bytes, shorter than the ${FIXED_BYTES}-byte minimum`);
  const version = view.getUint8(0);
  if (version !== 0 && version !== 1)
    return bad(`its version byte is ${version}, expected 0 (numeric room) or 1 (string room)`);
  const accountLength = view.getUint16(1);
  let o = 3 + accountLength;
  if (o + 20 > userBuf.length) return bad("its account length runs past the end");
  const account = text(userBuf.subarray(3, o));
  const sdkAppId = view.getUint32(o);
  const roomId = view.getUint32((o += 4));
  const expireAt = view.getUint32((o += 4));
  const privileges = view.getUint32((o += 4));
  const accountType = view.getUint32((o += 4));
  o += 4;
  let roomStr: string | undefined;
  if (version === 1) {
    if (o + 2 > userBuf.length) return bad("its room string length is missing");
    const roomLength = view.getUint16(o);
    o += 2;
    if (o + roomLength > userBuf.length) return bad("its room string runs past the end");
    roomStr = text(userBuf.subarray(o, o + roomLength));
    o += roomLength;
  }
  if (o !== userBuf.length) return bad(`it has ${userBuf.length - o} extra bytes at the end`);
  const privilegeNames = (Object.keys(PRIVILEGES) as PrivilegeName[]).filter(
    (name) => (privileges & PRIVILEGES[name]) !== 0,
  );
  const value: PrivateMapKeyFields = {
    version,
    account,
    sdkAppId,
    roomId,
    expireAt,
    privileges,
    privilegeNames,
    accountType,
  };
  if (roomStr !== undefined) value.roomStr = roomStr;
  return { ok: true, value };
}

/** UTF-8 as Go writes; Node's and Java's low-byte encoding of non-ASCII names is shown as Latin-1 rather than refused. */
function text(bytes: Uint8Array): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return String.fromCharCode(...bytes);
  }
}
