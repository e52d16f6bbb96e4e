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

// Reused output for encode(): typed arrays above 64 bytes get off-heap
// storage, whose allocation costs more than encoding a whole ticket.
let encodeScratch = new Uint8Array(4096);

function encode(bytes: Uint8Array, length: number, a: Alphabet): string {
  const size = Math.ceil(length / 3) * 4;
  if (encodeScratch.length < size) encodeScratch = new Uint8Array(size);
  const out = encodeScratch;
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
  return asciiToString(out, size);
}

export type Base64Result = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/**
 * Strict decoder: only alphabet characters, optional padding (0-2 pad
 * characters, and only if they complete the last quantum), zero padding bits.
 * Writes into `into` when it is large enough (the ticket decoder passes a
 * reused buffer), else into a new array.
 */
function decode(text: string, a: Alphabet, requirePadding: boolean, into?: Uint8Array): Base64Result {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === a.pad && text.length - end < 2) end--;
  const padded = end !== text.length;
  if (end % 4 === 1 || ((padded || requirePadding) && text.length % 4 !== 0)) {
    // A stray character (a pasted space or newline) is the likelier cause and the more useful message.
    const stray = foreignCharacter(text, a, 0);
    return {
      ok: false,
      error:
        stray ??
        (end % 4 === 1
          ? "its length is impossible for base64 (truncated?)"
          : "its base64 padding is wrong (truncated?)"),
    };
  }
  const dec = a.decode;
  const tail = end % 4;
  const whole = end - tail;
  const size = (whole / 4) * 3 + (tail === 0 ? 0 : tail - 1);
  const out = into !== undefined && into.length >= size ? into.subarray(0, size) : new Uint8Array(size);
  let o = 0;
  let i = 0;
  // Four characters at a time; a negative table entry (foreign character) makes the OR negative.
  for (; i < whole; i += 4) {
    const n =
      (dec[text.charCodeAt(i) & 0x7f]! << 18) |
      (dec[text.charCodeAt(i + 1) & 0x7f]! << 12) |
      (dec[text.charCodeAt(i + 2) & 0x7f]! << 6) |
      dec[text.charCodeAt(i + 3) & 0x7f]!;
    if (n < 0 || (text.charCodeAt(i) | text.charCodeAt(i + 1) | text.charCodeAt(i + 2) | text.charCodeAt(i + 3)) > 0x7f)
      return foreign(text, a, i);
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  if (tail !== 0) {
    let n = 0;
    for (let k = 0; k < tail; k++) {
      const c = text.charCodeAt(i + k);
      const v = c < 0x80 ? dec[c]! : -1;
      if (v < 0) return foreign(text, a, i);
      n |= v << (18 - 6 * k);
    }
    // The bits after the last whole byte must be zero, or two spellings would decode to the same bytes.
    if ((tail === 2 ? n & 0xffff : n & 0xff) !== 0)
      return { ok: false, error: "its last character is not canonical base64" };
    out[o++] = n >>> 16;
    if (tail === 3) out[o++] = (n >>> 8) & 0xff;
  }
  return { ok: true, bytes: out };
}

/** Describes the first character at or after `from` that is neither in the alphabet nor padding, or a misplaced pad. */
function foreignCharacter(text: string, a: Alphabet, from: number): string | null {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== a.pad && (c >= 0x80 || a.decode[c]! < 0)) break;
  }
  if (i < text.length)
    return `it contains ${describeChar(text, i)} at position ${i + 1}, which is not in the UserSig alphabet`;
  const pad = text.indexOf(String.fromCharCode(a.pad), from);
  return pad === -1 ? null : `it has "${String.fromCharCode(a.pad)}" padding at position ${pad + 1}, before the end`;
}

function foreign(text: string, a: Alphabet, from: number): Base64Result {
  return {
    ok: false,
    error: foreignCharacter(text, a, from) ?? "it contains a character outside the UserSig alphabet",
  };
}

function describeChar(text: string, i: number): string {
  const c = text.charCodeAt(i);
  if (c === 0x20) return "a space";
  if (c < 0x20 || c === 0x7f) return "a control character";
  return `"${String.fromCodePoint(text.codePointAt(i)!)}"`;
}

const textDecoder = new TextDecoder();

/** ASCII bytes to a string; TextDecoder is several times faster than String.fromCharCode.apply. */
function asciiToString(bytes: Uint8Array, length: number): string {
  return textDecoder.decode(bytes.subarray(0, length));
}

export const encodeEscapedBase64 = (bytes: Uint8Array, length = bytes.length) => encode(bytes, length, escaped);
export const encodeStandardBase64 = (bytes: Uint8Array, length = bytes.length) => encode(bytes, length, standard);
/** Ticket text: padding optional, as both forms circulate. */
export const decodeEscapedBase64 = (text: string, into?: Uint8Array) => decode(text, escaped, false, into);
/** base64 inside the JSON: every official SDK pads, so padding is required. */
export const decodeStandardBase64 = (text: string, into?: Uint8Array) => decode(text, standard, true, into);
