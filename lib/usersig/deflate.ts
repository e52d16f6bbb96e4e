/*
 * Minimal zlib (RFC 1950/1951) compressor for UserSig JSON: LZ77 with lazy
 * matching (as zlib does at its default level) and the fixed Huffman code.
 *
 * Why not node:zlib: deflateSync allocates and initialises a ~256 KB stream
 * per call, which is most of the official library's cost per UserSig. For
 * inputs of a few hundred bytes zlib itself picks the fixed Huffman code, so
 * this produces tickets of the same size (tests compare) at a fraction of
 * the cost. Any inflater reads the result; the JSON inside is what must match.
 */

import { adler32, DIST_BASE, DIST_EXTRA, fixedLiteralLength, LENGTH_BASE, LENGTH_EXTRA } from "./deflate-format";

const MIN_MATCH = 3;
const MAX_MATCH = 258;
const MAX_INPUT = 32768; // one deflate window: every back-reference stays in range
const MAX_CHAIN = 64;
const HASH_BITS = 12;

function reverseBits(code: number, len: number): number {
  let r = 0;
  for (let b = 0; b < len; b++) r |= ((code >>> b) & 1) << (len - 1 - b);
  return r;
}

// Fixed Huffman codes (RFC 1951 3.2.6), stored bit-reversed because deflate
// writes Huffman codes MSB first into an LSB-first stream. For matches the
// code and its extra bits are combined into one value per length and per
// distance, so emitting a match is two writes.
const LIT_CODE = new Uint16Array(288);
const LIT_BITS = new Uint8Array(288);
for (let s = 0; s < 288; s++) {
  const len = fixedLiteralLength(s);
  const code = s < 144 ? 0x30 + s : s < 256 ? 0x190 + s - 144 : s < 280 ? s - 256 : 0xc0 + s - 280;
  LIT_CODE[s] = reverseBits(code, len);
  LIT_BITS[s] = len;
}
const LENGTH_CODE = new Uint32Array(MAX_MATCH + 1);
const LENGTH_BITS = new Uint8Array(MAX_MATCH + 1);
for (let li = 0; li < LENGTH_BASE.length; li++) {
  const sym = 257 + li;
  for (let extra = 0; extra < 1 << LENGTH_EXTRA[li]!; extra++) {
    const length = LENGTH_BASE[li]! + extra;
    // 258 has its own code; 227 + 31 would also spell it, but the shorter form is the standard one.
    if (length > MAX_MATCH || (length === MAX_MATCH && li !== 28)) continue;
    LENGTH_CODE[length] = LIT_CODE[sym]! | (extra << LIT_BITS[sym]!);
    LENGTH_BITS[length] = LIT_BITS[sym]! + LENGTH_EXTRA[li]!;
  }
}
const DIST_CODE = new Uint32Array(MAX_INPUT + 1);
const DIST_BITS = new Uint8Array(MAX_INPUT + 1);
for (let di = 0; di < DIST_BASE.length; di++) {
  for (let extra = 0; extra < 1 << DIST_EXTRA[di]!; extra++) {
    const distance = DIST_BASE[di]! + extra;
    if (distance > MAX_INPUT) break;
    DIST_CODE[distance] = reverseBits(di, 5) | (extra << 5);
    DIST_BITS[distance] = 5 + DIST_EXTRA[di]!;
  }
}

// Reused across calls: tickets are compressed one at a time on a single thread.
const head = new Int32Array(1 << HASH_BITS);
const prev = new Int32Array(MAX_INPUT);
// Positions are stored as stamp + index, so entries from earlier calls (< stamp) read as empty without clearing the table.
let stamp = 1;
let out = new Uint8Array(4096);

function hashAt(input: Uint8Array, i: number): number {
  return ((input[i]! << 8) ^ (input[i + 1]! << 4) ^ input[i + 2]!) & ((1 << HASH_BITS) - 1);
}

function insert(input: Uint8Array, i: number): void {
  const h = hashAt(input, i);
  prev[i] = head[h]!;
  head[h] = stamp + i;
}

/** Longest earlier match at `i` as (length << 16 | distance), 0 when shorter than MIN_MATCH. */
function longestMatch(input: Uint8Array, i: number, n: number): number {
  const max = Math.min(MAX_MATCH, n - i);
  if (max < MIN_MATCH) return 0;
  let best = 0;
  let bestDist = 0;
  let candidate = head[hashAt(input, i)]!;
  for (let chain = MAX_CHAIN; candidate >= stamp && chain > 0; chain--) {
    const j = candidate - stamp;
    if (input[j + best] === input[i + best]) {
      let len = 0;
      while (len < max && input[j + len] === input[i + len]) len++;
      if (len > best) {
        best = len;
        bestDist = i - j;
        if (len === max) break;
      }
    }
    candidate = prev[j]!;
  }
  return best >= MIN_MATCH ? (best << 16) | bestDist : 0;
}

/**
 * zlib-compresses input[0..n). Returns a view of an internal buffer that is
 * valid until the next call, so callers encode it before compressing again.
 */
export function deflateZlib(input: Uint8Array, n = input.length): Uint8Array {
  if (n > MAX_INPUT) throw new RangeError(`deflateZlib handles at most ${MAX_INPUT} bytes`);
  if (stamp + n + 1 >= 0x7fffffff) {
    head.fill(0);
    stamp = 1;
  }
  const worstCase = 2 + Math.ceil((n * 9) / 8) + 2 + 4;
  if (out.length < worstCase) out = new Uint8Array(worstCase * 2);
  const o8 = out;
  o8[0] = 0x78; // deflate, 32 KB window
  o8[1] = 0x9c; // default level, as zlib.deflateSync writes
  let o = 2;
  // Pending output bits, LSB first. Each write adds at most 18 bits to fewer than 8, so 32 bits suffice.
  let bitBuf = 0b011; // final block, fixed Huffman
  let bitCount = 3;

  let i = 0;
  let pending = 0; // match found at i, kept while checking whether i + 1 has a longer one (lazy matching)
  while (i < n) {
    let match = pending || longestMatch(input, i, n);
    pending = 0;
    if (i + MIN_MATCH <= n) insert(input, i);
    if (match !== 0) {
      const next = i + 1 < n ? longestMatch(input, i + 1, n) : 0;
      if (next >>> 16 > match >>> 16) {
        pending = next;
        match = 0;
      }
    }
    if (match === 0) {
      const c = input[i]!;
      bitBuf |= LIT_CODE[c]! << bitCount;
      bitCount += LIT_BITS[c]!;
      i++;
    } else {
      const length = match >>> 16;
      const distance = match & 0xffff;
      bitBuf |= LENGTH_CODE[length]! << bitCount;
      bitCount += LENGTH_BITS[length]!;
      while (bitCount >= 8) {
        o8[o++] = bitBuf;
        bitBuf >>>= 8;
        bitCount -= 8;
      }
      bitBuf |= DIST_CODE[distance]! << bitCount;
      bitCount += DIST_BITS[distance]!;
      for (let k = i + 1; k < i + length; k++) if (k + MIN_MATCH <= n) insert(input, k);
      i += length;
    }
    while (bitCount >= 8) {
      o8[o++] = bitBuf;
      bitBuf >>>= 8;
      bitCount -= 8;
    }
  }
  bitBuf |= LIT_CODE[256]! << bitCount; // end of block (7 zero bits)
  bitCount += LIT_BITS[256]!;
  while (bitCount > 0) {
    o8[o++] = bitBuf;
    bitBuf >>>= 8;
    bitCount -= 8;
  }
  const check = adler32(input, n);
  o8[o++] = check >>> 24;
  o8[o++] = check >>> 16;
  o8[o++] = check >>> 8;
  o8[o++] = check;
  stamp += n + 1;
  return o8.subarray(0, o);
}
