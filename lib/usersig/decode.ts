/*
 * Browser-safe UserSig decoder, shared by the console's decode view and by
 * verifyUserSig (which adds the HMAC and expiry checks on the server). It
 * imports nothing from node: — base64, inflate and JSON parsing are local.
 *
 * Strictness is the point: a ticket is refused unless it is exactly one
 * escaped-base64 string of a zlib stream of one flat JSON object with the
 * TLS sig API v2 fields, each once and of the right type. Every input size
 * is capped before work is done (see MAX_TICKET_CHARS, MAX_INFLATED_BYTES).
 */
import { CODES, MAX_INFLATED_BYTES, MAX_TICKET_CHARS } from "./constants";
import { decodeEscapedBase64, decodeStandardBase64 } from "./escaped-base64";
import { inflateZlib } from "./inflate";
import { parseFlatJsonObject, type JsonScalar } from "./strict-json";
import { reject, type DecodedUserSig, type Rejection } from "./types";

const FIX_MALFORMED =
  "Copy the complete UserSig again (one line of A-Z a-z 0-9 * - _, nothing added or cut off), or generate a new one.";
const FIX_FIELDS =
  "Generate a new UserSig with Tessera or an official TLS sig API v2 library; this one was not produced by either.";

const KNOWN_KEYS = new Set([
  "TLS.ver",
  "TLS.identifier",
  "TLS.sdkappid",
  "TLS.time",
  "TLS.expire",
  "TLS.userbuf",
  "TLS.sig",
]);
const PLAIN_INTEGER = /^(?:0|[1-9]\d*)$/;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// Scratch buffers reused by every decode: typed arrays above 64 bytes get
// off-heap storage whose allocation (and the GC work it causes) costs more
// than decoding a ticket. Decoding is synchronous, so calls never overlap.
const compressedScratch = new Uint8Array((MAX_TICKET_CHARS / 4) * 3);
const inflatedScratch = new Uint8Array(MAX_INFLATED_BYTES);

/** A decoded ticket plus the raw signature bytes, which verify compares. */
export type DecodedTicket = { value: DecodedUserSig; sigBytes: Uint8Array };

export function decodeUserSig(ticket: string): { ok: true; value: DecodedUserSig } | Rejection {
  const decoded = decodeTicket(ticket);
  return "code" in decoded ? decoded : { ok: true, value: decoded.value };
}

export function decodeTicket(ticket: unknown): DecodedTicket | Rejection {
  if (ticket === undefined || ticket === null || ticket === "") {
    return reject(CODES.empty, "The UserSig is empty.", "Send the UserSig your App Server generated for this UserID.");
  }
  if (typeof ticket !== "string") return malformed("it is not a string");
  if (ticket.length > MAX_TICKET_CHARS) {
    return malformed(`it is ${ticket.length} characters long; a UserSig is at most ${MAX_TICKET_CHARS}`);
  }
  const compressed = decodeEscapedBase64(ticket, compressedScratch);
  if (!compressed.ok) return malformed(compressed.error);
  const inflated = inflateZlib(compressed.bytes, inflatedScratch);
  if (!inflated.ok) return malformed(inflated.error);
  const text = bytesToText(inflatedScratch, inflated.length);
  if (text === null) return malformed("its content is not valid UTF-8");
  const parsed = parseFlatJsonObject(text);
  if (!parsed.ok) return parsed.problem === "syntax" ? malformed(parsed.error) : badFields(parsed.error);
  return readFields(parsed.fields);
}

function readFields(fields: Map<string, JsonScalar>): DecodedTicket | Rejection {
  for (const key of fields.keys()) {
    if (!KNOWN_KEYS.has(key)) return badFields(`it has an unknown field "${key.slice(0, 40)}"`);
  }
  const version = field(fields, "TLS.ver", "string");
  if (typeof version !== "string") return version;
  if (version !== "2.0")
    return badFields(`its version is "${version.slice(0, 20)}"; only "2.0" (TLS sig API v2) is supported`);
  const identifier = field(fields, "TLS.identifier", "string");
  if (typeof identifier !== "string") return identifier;
  if (identifier === "") return badFields('its "TLS.identifier" (UserID) is empty');
  const sdkAppId = integerField(fields, "TLS.sdkappid", 0xffffffff);
  if (typeof sdkAppId !== "number") return sdkAppId;
  const time = integerField(fields, "TLS.time");
  if (typeof time !== "number") return time;
  const expire = integerField(fields, "TLS.expire");
  if (typeof expire !== "number") return expire;
  const sig = field(fields, "TLS.sig", "string");
  if (typeof sig !== "string") return sig;
  const sigBytes = decodeStandardBase64(sig);
  if (!sigBytes.ok || sigBytes.bytes.length !== 32)
    return badFields('its "TLS.sig" is not the base64 of a 32-byte HMAC-SHA256');

  const value: DecodedUserSig = { version, identifier, sdkAppId, time, expire, sig };
  if (fields.has("TLS.userbuf")) {
    const userBuf = field(fields, "TLS.userbuf", "string");
    if (typeof userBuf !== "string") return userBuf;
    // Only validity matters here; the compressed scratch is free again by now.
    if (!decodeStandardBase64(userBuf, compressedScratch).ok) return badFields('its "TLS.userbuf" is not valid base64');
    value.userBuf = userBuf;
  }
  return { value, sigBytes: sigBytes.bytes };
}

function field(fields: Map<string, JsonScalar>, key: string, kind: "string"): string | Rejection {
  const f = fields.get(key);
  if (f === undefined) return badFields(`the field "${key}" is missing`);
  if (f.kind !== kind) return badFields(`the field "${key}" is not a ${kind}`);
  return f.value;
}

function integerField(fields: Map<string, JsonScalar>, key: string, max = Number.MAX_SAFE_INTEGER): number | Rejection {
  const f = fields.get(key);
  if (f === undefined) return badFields(`the field "${key}" is missing`);
  if (f.kind !== "number") return badFields(`the field "${key}" is not a number`);
  const n = Number(f.text);
  if (!PLAIN_INTEGER.test(f.text) || n > max) {
    return badFields(`the field "${key}" is ${f.text.slice(0, 30)}; it must be a whole number from 0 to ${max}`);
  }
  return n;
}

function bytesToText(bytes: Uint8Array, length: number): string | null {
  try {
    return utf8.decode(bytes.subarray(0, length));
  } catch {
    return null;
  }
}

function malformed(why: string): Rejection {
  return reject(CODES.malformed, `The UserSig is malformed: ${why}.`, FIX_MALFORMED);
}

function badFields(why: string): Rejection {
  return reject(CODES.badFields, `The UserSig has invalid content: ${why}.`, FIX_FIELDS);
}
