// Shared fixtures for the usersig unit tests: the official library with an
// injectable clock, ticket (re)encoders in every official SDK's layout, and a
// deflate-bomb builder.
import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import { deflateSync, inflateSync } from "node:zlib";

export const SDK_APP_ID = 1400000000;
export const KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
export const OTHER_KEY = "0000000000000000000000000000000000000000000000000000000000000001";
export const NOW = 1795671502;

export type OfficialApi = {
  genUserSig(userId: string, expire: number): string;
  genSig(userId: string, expire: number, userBuf: Buffer | null): string;
  genPrivateMapKey(userId: string, expire: number, room: number, privileges: number): string;
  genPrivateMapKeyWithStringRoomID(userId: string, expire: number, room: string, privileges: number): string;
};
const require = createRequire(import.meta.url);
const { Api } = require("tls-sig-api-v2") as { Api: new (sdkAppId: number, key: string) => OfficialApi };

/** Runs the official library at a fixed clock (`now` seconds plus `fractionMs`, which it must floor). */
export function official<T>(
  sdkAppId: number,
  key: string,
  now: number,
  fn: (api: OfficialApi) => T,
  fractionMs = 0,
): T {
  const realNow = Date.now;
  Date.now = () => now * 1000 + fractionMs;
  try {
    return fn(new Api(sdkAppId, key));
  } finally {
    Date.now = realNow;
  }
}

export function unescapeTicket(ticket: string): Buffer {
  return Buffer.from(ticket.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "="), "base64");
}

/** The JSON text inside a ticket, inflated by node:zlib (independent of the library under test). */
export function inflateTicket(ticket: string): string {
  return inflateSync(unescapeTicket(ticket)).toString("utf8");
}

export function escapeTicket(compressed: Uint8Array, padding = true): string {
  const b64 = Buffer.from(compressed).toString("base64").replace(/\+/g, "*").replace(/\//g, "-").replace(/=/g, "_");
  return padding ? b64 : b64.replace(/_+$/, "");
}

export function hmac(key: string, content: string): string {
  return createHmac("sha256", key).update(content, "utf8").digest("base64");
}

export type Fields = { identifier: string; sdkAppId: number; time: number; expire: number; userBuf?: string };

export function signFields(f: Fields, key: string): string {
  let content = `TLS.identifier:${f.identifier}\nTLS.sdkappid:${f.sdkAppId}\nTLS.time:${f.time}\nTLS.expire:${f.expire}\n`;
  if (f.userBuf !== undefined) content += `TLS.userbuf:${f.userBuf}\n`;
  return hmac(key, content);
}

/** How one official SDK lays out the JSON and compresses it (SPEC 2). */
export type Layout = {
  name: string;
  order: string[];
  separators?: [string, string];
  /** escapes applied to string values after JSON.stringify */
  escape?: (json: string) => string;
  trailingNewline?: boolean;
  level: number;
  padding: boolean;
};

const NODE_ORDER = ["TLS.ver", "TLS.identifier", "TLS.sdkappid", "TLS.time", "TLS.expire", "TLS.userbuf", "TLS.sig"];
const asciiOnly = (s: string) =>
  s.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

export const LAYOUTS: Layout[] = [
  { name: "Node", order: NODE_ORDER, level: 6, padding: true },
  { name: "Node without padding", order: NODE_ORDER, level: 6, padding: false },
  {
    name: "Python",
    order: ["TLS.ver", "TLS.identifier", "TLS.sdkappid", "TLS.expire", "TLS.time", "TLS.userbuf", "TLS.sig"],
    separators: [", ", ": "],
    escape: asciiOnly,
    level: 6,
    padding: true,
  },
  {
    name: "PHP",
    order: ["TLS.ver", "TLS.identifier", "TLS.sdkappid", "TLS.expire", "TLS.time", "TLS.userbuf", "TLS.sig"],
    escape: (j) => j.replace(/\//g, "\\/"),
    level: 9,
    padding: true,
  },
  {
    name: "Go (current)",
    order: ["TLS.ver", "TLS.identifier", "TLS.sdkappid", "TLS.expire", "TLS.time", "TLS.userbuf", "TLS.sig"],
    escape: (j) => j.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026"),
    trailingNewline: true,
    level: 0,
    padding: true,
  },
  { name: "Go (old, sorted keys)", order: [...NODE_ORDER].sort(), trailingNewline: true, level: 6, padding: false },
  {
    name: "C++",
    order: ["TLS.ver", "TLS.sdkappid", "TLS.identifier", "TLS.time", "TLS.expire", "TLS.userbuf", "TLS.sig"],
    level: 1,
    padding: true,
  },
  {
    name: "C#",
    order: ["TLS.ver", "TLS.identifier", "TLS.sdkappid", "TLS.time", "TLS.expire", "TLS.sig", "TLS.userbuf"],
    level: 6,
    padding: true,
  },
  {
    name: "Java",
    order: ["TLS.sig", "TLS.expire", "TLS.userbuf", "TLS.identifier", "TLS.time", "TLS.ver", "TLS.sdkappid"],
    level: 6,
    padding: false,
  },
];

/** A ticket for `f` signed with `key`, written the way `layout`'s SDK writes it. */
export function ticketInLayout(f: Fields, key: string, layout: Layout, sig = signFields(f, key)): string {
  const values: Record<string, string | number | undefined> = {
    "TLS.ver": "2.0",
    "TLS.identifier": f.identifier,
    "TLS.sdkappid": f.sdkAppId,
    "TLS.time": f.time,
    "TLS.expire": f.expire,
    "TLS.userbuf": f.userBuf,
    "TLS.sig": sig,
  };
  const [comma, colon] = layout.separators ?? [",", ":"];
  const members = layout.order
    .filter((k) => values[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}${colon}${JSON.stringify(values[k])}`);
  let json = `{${members.join(comma)}}`;
  if (layout.escape) json = layout.escape(json);
  if (layout.trailingNewline) json += "\n";
  return escapeTicket(deflateSync(Buffer.from(json, "utf8"), { level: layout.level }), layout.padding);
}

/** A ticket whose JSON is exactly `json` (valid or not). */
export function ticketFromJson(json: string, level = 6): string {
  return escapeTicket(deflateSync(Buffer.from(json, "utf8"), { level }));
}

/**
 * A zlib stream of one dynamic-Huffman block that inflates to about
 * 258 * pairs zero bytes: a 1-bit length-258 code and a 1-bit distance-1
 * code make every (length, distance) pair two zero bits, so the body is just
 * zero bytes. pairs = 4_200_000 gives ~1 MB expanding to ~1 GB.
 */
export function deflateBomb(pairs: number): Buffer {
  const out = Buffer.alloc(2 + Math.ceil((200 + pairs * 2) / 8) + 4);
  out[0] = 0x78;
  out[1] = 0x9c;
  let bit = 16;
  const put = (value: number, count: number) => {
    for (let i = 0; i < count; i++, bit++) if ((value >>> i) & 1) out[bit >>> 3]! |= 1 << (bit & 7);
  };
  const putCode = (code: string) => [...code].forEach((b) => put(Number(b), 1)); // Huffman codes go MSB first
  put(1, 1); // final block
  put(2, 2); // dynamic Huffman
  put(29, 5); // 286 literal/length codes (up to 285 = length 258)
  put(0, 5); // 1 distance code
  put(14, 4); // 18 code-length code lengths, in the RFC's order up to symbol 1
  const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1];
  const codeLengthOf: Record<number, number> = { 18: 1, 1: 2, 2: 2 }; // codes: 18 → 0, 1 → 10, 2 → 11
  for (const sym of order) put(codeLengthOf[sym] ?? 0, 3);
  // Lengths: literal 0 → 2, 1..255 → 0, 256 (end) → 2, 257..284 → 0, 285 → 1; distance 0 → 1.
  putCode("11"); // 2
  putCode("0");
  put(138 - 11, 7); // 138 zeros
  putCode("0");
  put(117 - 11, 7); // 117 zeros
  putCode("11"); // 2
  putCode("0");
  put(28 - 11, 7); // 28 zeros
  putCode("10"); // 1 (symbol 285)
  putCode("10"); // 1 (distance 0)
  putCode("10"); // literal/length code: literal 0 is "10", end "11", 285 "0"
  bit += pairs * 2; // each pair is "0" + "0" (distance code), already zero
  putCode("11"); // end of block
  const length = 1 + pairs * 258;
  const adler = (((length % 65521) << 16) | 1) >>> 0;
  const end = Math.ceil(bit / 8);
  out.writeUInt32BE(adler, end);
  return out.subarray(0, end + 4);
}
