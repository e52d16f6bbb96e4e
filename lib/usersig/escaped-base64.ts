/*
 * Base64 in the two alphabets a UserSig uses: the ticket itself is standard
 * base64 with + → *, / → - and = → _ ("escaped"), while TLS.sig and
 * TLS.userbuf inside the JSON are standard base64. Pure JS so the console can
 * use it in the browser. Decoding is strict, unlike Node's Buffer decoder,
 * which silently skips foreign characters and ignores non-zero padding bits:
 * both would let a mutated ticket decode to the same bytes.
 */

const STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const ESCAPED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-";

type Alphabet = { encode: Uint8Array; decode: Int8Array; pad: number };

function alphabet(chars: string, pad: string): Alphabet {
  const encode = new Uint8Array(64);
  const decode = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) {
    encode[i] = chars.charCodeAt(i);
    decode[chars.charCodeAt(i)] = i;
  }
  return { encode, decode, pad: pad.charCodeAt(0) };
}

const standard = alphabet(STANDARD, "=");
const escaped = alphabet(ESCAPED, "_");

function encode(bytes: Uint8Array, length: number, a: Alphabet): string {
  const out = new Uint8Array(Math.ceil(length / 3) * 4);
  const enc = a.encode;
  let o = 0;
  let i = 0;
  for (; i + 2 < length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = enc[n >>> 18]!;
    out[o++] = enc[(n >>> 12) & 63]!;
    out[o++] = enc[(n >>> 6) & 63]!;
    out[o++] = enc[n & 63]!;
  }
  if (i < length) {
    const n = (bytes[i]! << 16) | (i + 1 < length ? bytes[i + 1]! << 8 : 0);
    out[o++] = enc[n >>> 18]!;
    out[o++] = enc[(n >>> 12) & 63]!;
    out[o++] = i + 1 < length ? enc[(n >>> 6) & 63]! : a.pad;
    out[o++] = a.pad;
  }
  return asciiToString(out, out.length);
}

export type Base64Result = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/**
 * Strict decoder: only alphabet characters, optional padding (0-2 pad
 * characters, and only if they complete the last quantum), zero padding bits.
 */
function decode(text: string, a: Alphabet, requirePadding: boolean): Base64Result {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === a.pad && text.length - end < 2) end--;
  const padded = end !== text.length;
  if (end % 4 === 1) return { ok: false, error: "its length is impossible for base64 (truncated?)" };
  if ((padded || requirePadding) && text.length % 4 !== 0) {
    return { ok: false, error: "its base64 padding is wrong (truncated?)" };
  }
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  const dec = a.decode;
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? dec[c]! : -1;
    if (v < 0) {
      return { ok: false, error: `it contains ${describeChar(text, i)} at position ${i + 1}, which is not in the UserSig alphabet` };
    }
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) return { ok: false, error: "its last character is not canonical base64" };
  return { ok: true, bytes: out };
}

function describeChar(text: string, i: number): string {
  const c = text.charCodeAt(i);
  if (c === 0x20) return "a space";
  if (c < 0x20 || c === 0x7f) return "a control character";
  return `"${String.fromCodePoint(text.codePointAt(i)!)}"`;
}

/** Latin-1/ASCII bytes to a string without TextDecoder's per-call cost; chunks keep apply() under the argument limit. */
export function asciiToString(bytes: Uint8Array, length: number): string {
  let s = "";
  for (let i = 0; i < length; i += 8192) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(length, i + 8192)) as unknown as number[]);
  }
  return s;
}

export const encodeEscapedBase64 = (bytes: Uint8Array, length = bytes.length) => encode(bytes, length, escaped);
export const encodeStandardBase64 = (bytes: Uint8Array, length = bytes.length) => encode(bytes, length, standard);
/** Ticket text: padding optional, as both forms circulate. */
export const decodeEscapedBase64 = (text: string) => decode(text, escaped, false);
/** base64 inside the JSON: every official SDK pads, so padding is required. */
export const decodeStandardBase64 = (text: string) => decode(text, standard, true);
