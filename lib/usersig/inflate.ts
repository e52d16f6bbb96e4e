/*
 * Bounded zlib (RFC 1950/1951) inflater in plain TypeScript.
 *
 * Why not node:zlib or pako: tickets are ~150 bytes, and both libraries spend
 * far more time setting up a stream (window, state, 32 KB buffers) than
 * decoding it; this decoder needs no setup, writes into one fixed buffer and
 * stops the moment that would overflow, so a deflate bomb costs nothing. The
 * caller provides that buffer, so the ticket decoder can reuse one instead of
 * allocating per call. The rest of the work is bounded as well, however the
 * stream is crafted (MAX_BLOCKS, TABLE_BITS): tickets are decoded before any
 * authentication. Being dependency-free it runs unchanged in the browser
 * (console decode view) and on the server (verify), so there is one decoder.
 * It is as strict as zlib (same error cases, Adler-32 checked) and stricter
 * where zlib is lenient: trailing bytes after the stream and non-zero padding
 * bits are refused, as every real encoder writes zeros. Tests cross-check it
 * against node:zlib on random and mutated input.
 */

import { adler32, DIST_BASE, DIST_EXTRA, fixedLiteralLength, LENGTH_BASE, LENGTH_EXTRA } from "./deflate-format";

export type InflateResult = { ok: true; length: number } | { ok: false; tooLarge: boolean; error: string };

/**
 * Blocks a stream may hold. zlib writes one for a ticket, Go adds an empty
 * final block, a sync flush an empty stored one, and zopfli, the encoder that
 * splits most, makes at most 15 by default. Every dynamic block costs a
 * table build, so without a cap a 4 KB ticket of ~100 empty blocks was an
 * anonymous CPU amplifier (issue 8).
 */
export const MAX_BLOCKS = 16;

/**
 * Widest lookup table. Longer codes, rare in real data, are found by
 * longCode() instead, so a table build costs at most 2^TABLE_BITS entries
 * whatever code lengths the stream declares (a 15-bit code would need 32768).
 */
const TABLE_BITS = 9;

/**
 * What the last inflateZlib call did: blocks started and the summed size of
 * the tables it built (each build writes at most twice that). Tests bound
 * these for crafted input, where timings would be flaky.
 */
export const inflateWork = { blocks: 0, tableEntries: 0 };

class InflateError extends Error {
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

/**
 * A canonical Huffman code. `entries` is indexed by the next `bits` input bits
 * (LSB first): entry = symbol << 4 | code length, or 0 when no code of at most
 * `bits` bits starts with them (a longer code, which longCode() finds, or none).
 */
class Table {
  readonly entries = new Int32Array(1 << TABLE_BITS);
  bits = 0;
  /**
   * Read MSB first and padded to 15 bits, the canonical codes of each length
   * are consecutive numbers, the shorter codes' below the longer: those of at
   * most `len` bits are below limit[len], and a code c of `len` bits stands
   * for symbols[c + base[len]] (the symbols in canonical order).
   */
  readonly limit = new Uint16Array(16);
  readonly base = new Int32Array(16);
  readonly symbols = new Uint16Array(288);
}

// Typed, module-local copies: the hot loop indexes them per symbol.
const LENGTH_BASE_T = Uint16Array.from(LENGTH_BASE);
const LENGTH_EXTRA_T = Uint8Array.from(LENGTH_EXTRA);
const DIST_BASE_T = Uint16Array.from(DIST_BASE);
const DIST_EXTRA_T = Uint8Array.from(DIST_EXTRA);
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

// Scratch reused by every dynamic block instead of new typed arrays, whose
// off-heap storage (above 64 bytes) is slow to allocate and collect.
// Inflation is synchronous, so calls never overlap.
const count = new Uint16Array(16);
const next = new Uint16Array(16);
const codeLengthScratch = new Uint8Array(19);
const lengthScratch = new Uint8Array(286 + 30);
const codeLengthTable = new Table();
const dynamicLiterals = new Table();
const dynamicDistances = new Table();

/** The low `len` bits of `code`, reversed: deflate packs Huffman codes MSB first into an LSB-first stream. */
function reverse(code: number, len: number): number {
  let x = code << (16 - len);
  x = ((x & 0x5555) << 1) | ((x >>> 1) & 0x5555);
  x = ((x & 0x3333) << 2) | ((x >>> 2) & 0x3333);
  x = ((x & 0x0f0f) << 4) | ((x >>> 4) & 0x0f0f);
  return ((x & 0x00ff) << 8) | ((x >>> 8) & 0x00ff);
}

/**
 * Builds a canonical Huffman code into `t`. Like zlib, an over-subscribed code
 * is an error; an incomplete literal or distance code is allowed only when it
 * is a single 1-bit code (or no code at all), an incomplete code-length code
 * never. The over-subscription check comes first: it is what bounds the fill
 * loop's writes by the table size.
 */
function buildTable(t: Table, lengths: Uint8Array, n: number, what: string, mustBeComplete = false): Table {
  const { entries, limit, base } = t;
  count.fill(0);
  let maxLen = 0;
  for (let i = 0; i < n; i++) {
    const len = lengths[i]!;
    if (len === 0) continue;
    count[len]!++;
    if (len > maxLen) maxLen = len;
  }
  let left = 1;
  let code = 0;
  let offset = 0;
  for (let len = 1; len <= 15; len++) {
    left = (left << 1) - count[len]!;
    if (left < 0) throw new InflateError(`invalid ${what} code (over-subscribed)`);
    code = (code + count[len - 1]!) << 1;
    limit[len] = (code + count[len]!) << (15 - len);
    base[len] = offset - code;
    next[len] = offset;
    offset += count[len]!;
  }
  if (left > 0 && (maxLen > 1 || mustBeComplete)) throw new InflateError(`invalid ${what} code (incomplete)`);
  const bits = Math.min(Math.max(maxLen, 1), TABLE_BITS);
  const size = 1 << bits;
  entries.fill(0, 0, size);
  for (let sym = 0; sym < n; sym++) {
    const len = lengths[sym]!;
    if (len === 0) continue;
    const i = next[len]!++;
    t.symbols[i] = sym;
    if (len > bits) continue;
    for (let e = reverse(i - base[len]!, len); e < size; e += 1 << len) entries[e] = (sym << 4) | len;
  }
  t.bits = bits;
  inflateWork.tableEntries += size;
  return t;
}

/** Decodes a code too long for the table (its entry was 0); returns a table entry, 0 if no code matches. */
function longCode(t: Table, bitBuf: number): number {
  const code = reverse(bitBuf & 0x7fff, 15);
  for (let len = t.bits + 1; len <= 15; len++) {
    if (code < t.limit[len]!) return (t.symbols[(code >>> (15 - len)) + t.base[len]!]! << 4) | len;
  }
  return 0;
}

const FIXED_LITERALS = buildTable(
  new Table(),
  Uint8Array.from({ length: 288 }, (_, i) => fixedLiteralLength(i)),
  288,
  "literal/length",
);
// 32 codes: symbols 30 and 31 exist in the fixed code but are invalid, which huffman() checks.
const FIXED_DISTANCES = buildTable(new Table(), new Uint8Array(32).fill(5), 32, "distance");

/** Inflates a zlib stream into `output`, failing if it does not fit. Never throws. */
export function inflateZlib(input: Uint8Array, output: Uint8Array): InflateResult {
  inflateWork.blocks = 0;
  inflateWork.tableEntries = 0;
  try {
    return new Inflater(input, output).run();
  } catch (e) {
    if (e instanceof InflateError) return { ok: false, tooLarge: e.tooLarge, error: e.message };
    throw e;
  }
}

function truncated(): InflateError {
  return new InflateError("it is truncated (deflate data ends early)");
}

function tooLarge(limit: number): InflateError {
  return new InflateError(`it inflates to more than ${limit} bytes (not a UserSig, or a decompression bomb)`, true);
}

class Inflater {
  private pos = 0;
  private bitBuf = 0;
  private bitCount = 0;
  private outLen = 0;

  constructor(
    private readonly input: Uint8Array,
    private readonly out: Uint8Array,
  ) {}

  run(): { ok: true; length: number } {
    const input = this.input;
    if (input.length < 2) throw new InflateError("it is too short to be zlib data");
    const cmf = input[0]!;
    const flg = input[1]!;
    if ((cmf & 0x0f) !== 8 || cmf >>> 4 > 7) throw new InflateError("it is not zlib data (bad header)");
    if (((cmf << 8) | flg) % 31 !== 0) throw new InflateError("it is not zlib data (header check failed)");
    if (flg & 0x20) throw new InflateError("its zlib stream needs a preset dictionary");
    this.pos = 2;

    let final = 0;
    while (!final) {
      if (++inflateWork.blocks > MAX_BLOCKS)
        throw new InflateError(`its deflate data has more than ${MAX_BLOCKS} blocks (encoders write one or two)`);
      final = this.bits(1);
      const type = this.bits(2);
      if (type === 0) this.stored();
      else if (type === 1) this.huffman(FIXED_LITERALS, FIXED_DISTANCES);
      else if (type === 2) this.dynamic();
      else throw new InflateError("its deflate data has an invalid block type");
    }

    // The partial byte's unused bits must be zero (zlib ignores them, but
    // then one ticket would have several spellings); the Adler-32 follows.
    if (this.bits(this.bitCount & 7) !== 0) throw new InflateError("its deflate data has non-zero padding bits");
    const trailerAt = this.pos - (this.bitCount >>> 3);
    if (trailerAt + 4 > input.length) throw new InflateError("it is truncated (zlib checksum missing)");
    if (trailerAt + 4 < input.length) throw new InflateError("it has extra bytes after the zlib stream");
    const expected =
      ((input[trailerAt]! << 24) |
        (input[trailerAt + 1]! << 16) |
        (input[trailerAt + 2]! << 8) |
        input[trailerAt + 3]!) >>>
      0;
    if (adler32(this.out, this.outLen) !== expected)
      throw new InflateError("its zlib checksum does not match (corrupted)");
    return { ok: true, length: this.outLen };
  }

  /** Reads `n` (<= 16) bits, LSB first. */
  private bits(n: number): number {
    while (this.bitCount < n) {
      if (this.pos >= this.input.length) throw truncated();
      this.bitBuf |= this.input[this.pos++]! << this.bitCount;
      this.bitCount += 8;
    }
    const v = this.bitBuf & ((1 << n) - 1);
    this.bitBuf >>>= n;
    this.bitCount -= n;
    return v;
  }

  private symbol(table: Table): number {
    // Load up to table.bits bits; near the end of input fewer may exist, which is fine if the code is shorter.
    // Only code-length codes come here: at most 7 bits, always in the table, so a 0 entry is no code.
    while (this.bitCount < table.bits && this.pos < this.input.length) {
      this.bitBuf |= this.input[this.pos++]! << this.bitCount;
      this.bitCount += 8;
    }
    const entry = table.entries[this.bitBuf & ((1 << table.bits) - 1)]!;
    const len = entry & 15;
    if (len === 0) throw new InflateError("its deflate data has an invalid Huffman code");
    if (len > this.bitCount) throw truncated();
    this.bitBuf >>>= len;
    this.bitCount -= len;
    return entry >>> 4;
  }

  private stored(): void {
    if (this.bits(this.bitCount & 7) !== 0) throw new InflateError("its deflate data has non-zero padding bits");
    this.bitBuf = 0;
    // Bytes already pulled into the bit buffer are given back: the block starts at a byte boundary.
    this.pos -= this.bitCount >>> 3;
    this.bitCount = 0;
    const input = this.input;
    if (this.pos + 4 > input.length) throw truncated();
    const len = input[this.pos]! | (input[this.pos + 1]! << 8);
    const nlen = input[this.pos + 2]! | (input[this.pos + 3]! << 8);
    if ((len ^ 0xffff) !== nlen) throw new InflateError("its deflate data has an invalid stored block length");
    this.pos += 4;
    if (this.pos + len > input.length) throw truncated();
    if (this.outLen + len > this.out.length) throw tooLarge(this.out.length);
    this.out.set(input.subarray(this.pos, this.pos + len), this.outLen);
    this.outLen += len;
    this.pos += len;
  }

  private dynamic(): void {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) throw new InflateError("its deflate data has too many length or distance symbols");
    const codeLengths = codeLengthScratch.fill(0);
    for (let i = 0; i < ncode; i++) codeLengths[CODE_LENGTH_ORDER[i]!] = this.bits(3);
    const codeTable = buildTable(codeLengthTable, codeLengths, 19, "code-length", true);

    const lengths = lengthScratch;
    for (let i = 0; i < nlen + ndist;) {
      const sym = this.symbol(codeTable);
      if (sym < 16) {
        lengths[i++] = sym;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (sym === 16) {
        if (i === 0) throw new InflateError("its deflate data repeats a code length with none before it");
        value = lengths[i - 1]!;
        repeat = 3 + this.bits(2);
      } else if (sym === 17) repeat = 3 + this.bits(3);
      else repeat = 11 + this.bits(7);
      if (i + repeat > nlen + ndist) throw new InflateError("its deflate data repeats code lengths past the end");
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[256] === 0) throw new InflateError("its deflate data has no end-of-block code");
    const literals = buildTable(dynamicLiterals, lengths, nlen, "literal/length");
    const distances = buildTable(dynamicDistances, lengths.subarray(nlen), ndist, "distance");
    this.huffman(literals, distances);
  }

  /** The hot loop, with the bit reader's state in locals: most of a ticket's decoding time is spent here. */
  private huffman(literals: Table, distances: Table): void {
    const input = this.input;
    const out = this.out;
    const litEntries = literals.entries;
    const litBits = literals.bits;
    const litMask = (1 << litBits) - 1;
    const distEntries = distances.entries;
    const distBits = distances.bits;
    const distMask = (1 << distBits) - 1;
    let pos = this.pos;
    let bitBuf = this.bitBuf;
    let bitCount = this.bitCount;
    let outLen = this.outLen;
    try {
      for (;;) {
        // Literal/length code plus up to 5 extra bits; the buffer then holds at most 27 bits.
        while (bitCount < 20 && pos < input.length) {
          bitBuf |= input[pos++]! << bitCount;
          bitCount += 8;
        }
        let entry = litEntries[bitBuf & litMask]!;
        if (entry === 0) entry = longCode(literals, bitBuf);
        const len = entry & 15;
        if (len === 0) throw new InflateError("its deflate data has an invalid Huffman code");
        if (len > bitCount) throw truncated();
        bitBuf >>>= len;
        bitCount -= len;
        const sym = entry >>> 4;
        if (sym < 256) {
          if (outLen >= out.length) throw tooLarge(out.length);
          out[outLen++] = sym;
          continue;
        }
        if (sym === 256) return;
        const li = sym - 257;
        if (li >= 29) throw new InflateError("its deflate data has an invalid length code");
        const lengthExtra = LENGTH_EXTRA_T[li]!;
        if (lengthExtra > bitCount) throw truncated();
        const length = LENGTH_BASE_T[li]! + (bitBuf & ((1 << lengthExtra) - 1));
        bitBuf >>>= lengthExtra;
        bitCount -= lengthExtra;

        // Distance code, then its up to 13 extra bits, loaded separately to stay within 32 bits.
        while (bitCount < 15 && pos < input.length) {
          bitBuf |= input[pos++]! << bitCount;
          bitCount += 8;
        }
        let dEntry = distEntries[bitBuf & distMask]!;
        if (dEntry === 0) dEntry = longCode(distances, bitBuf);
        const dLen = dEntry & 15;
        if (dLen === 0) throw new InflateError("its deflate data has an invalid Huffman code");
        if (dLen > bitCount) throw truncated();
        bitBuf >>>= dLen;
        bitCount -= dLen;
        const di = dEntry >>> 4;
        if (di >= 30) throw new InflateError("its deflate data has an invalid distance code");
        const distExtra = DIST_EXTRA_T[di]!;
        while (bitCount < distExtra && pos < input.length) {
          bitBuf |= input[pos++]! << bitCount;
          bitCount += 8;
        }
        if (distExtra > bitCount) throw truncated();
        const distance = DIST_BASE_T[di]! + (bitBuf & ((1 << distExtra) - 1));
        bitBuf >>>= distExtra;
        bitCount -= distExtra;
        if (distance > outLen) throw new InflateError("its deflate data refers back before the start");
        if (outLen + length > out.length) throw tooLarge(out.length);
        for (let from = outLen - distance, end = outLen + length; outLen < end;) out[outLen++] = out[from++]!;
      }
    } finally {
      this.pos = pos;
      this.bitBuf = bitBuf;
      this.bitCount = bitCount;
      this.outLen = outLen;
    }
  }
}
