// Hand-made deflate streams for the inflater's cost tests and the benchmark's
// worst case: valid RFC 1951 that no encoder writes, as costly to decode as
// an attacker can make a ticket of at most 4096 characters (issue 8).
import { MAX_TICKET_CHARS } from "../../lib/usersig/constants";
import { adler32 } from "../../lib/usersig/deflate-format";
import { MAX_BLOCKS } from "../../lib/usersig/inflate";
import { escapeTicket } from "./usersig-support";

/** Most compressed bytes a ticket can carry: its base64 without padding. */
const MAX_BYTES = (MAX_TICKET_CHARS / 4) * 3;

/** Deflate's bit order: values LSB first, Huffman codes MSB first (RFC 1951 3.1.1). */
export class Bits {
  readonly bytes: number[] = [];
  bits = 0;
  put(value: number, count: number): void {
    for (let i = 0; i < count; i++, this.bits++) {
      if ((this.bits & 7) === 0) this.bytes.push(0);
      this.bytes[this.bits >>> 3]! |= ((value >>> i) & 1) << (this.bits & 7);
    }
  }
  code(code: number, len: number): void {
    for (let i = len - 1; i >= 0; i--) this.put((code >>> i) & 1, 1);
  }
  align(): void {
    this.bits = this.bytes.length * 8;
  }
}

/** Canonical Huffman codes for the given code lengths (RFC 1951 3.2.2). */
function canonical(lengths: number[]): number[] {
  const codes: number[] = [];
  let code = 0;
  for (let len = 1; len <= 15; len++, code <<= 1) lengths.forEach((l, s) => l === len && (codes[s] = code++));
  return codes;
}

const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
// Code-length codes (for the symbols 0-18): 18, a run of zeros, in 1 bit and
// the lengths 0-15 in 5; or 0 in 1 bit and 1-16 in 5 (16 unused: it completes the code).
const RUNS = [...Array<number>(16).fill(5), 0, 0, 1];
const ONE_BY_ONE = [1, ...Array<number>(16).fill(5), 0, 0];

/**
 * Writes a dynamic block's header for these code lengths; the caller writes
 * its symbols, ending with 256. The code lengths go in zero runs (fewest
 * bits) or one by one (most inflater work per bit).
 */
export function dynamicBlock(w: Bits, final: boolean, lit: number[], dist: number[], oneByOne = false) {
  const clLengths = oneByOne ? ONE_BY_ONE : RUNS;
  const clCodes = canonical(clLengths);
  w.put(final ? 1 : 0, 1);
  w.put(2, 2);
  w.put(lit.length - 257, 5);
  w.put(dist.length - 1, 5);
  w.put(19 - 4, 4);
  for (const s of CODE_LENGTH_ORDER) w.put(clLengths[s]!, 3);
  const all = [...lit, ...dist];
  for (let i = 0; i < all.length;) {
    let run = 0;
    while (!oneByOne && all[i + run] === 0 && run < 138) run++;
    if (run >= 11) {
      w.code(clCodes[18]!, 1);
      w.put(run - 11, 7);
      i += run;
    } else {
      const l = all[i++]!;
      w.code(clCodes[l]!, clLengths[l]!);
    }
  }
  const litCodes = canonical(lit);
  const distCodes = canonical(dist);
  return { lit: (s: number) => w.code(litCodes[s]!, lit[s]!), dist: (s: number) => w.code(distCodes[s]!, dist[s]!) };
}

export function storedBlock(w: Bits, final: boolean, data: Uint8Array): void {
  w.put(final ? 1 : 0, 1);
  w.put(0, 2);
  w.align();
  w.put(data.length, 16);
  w.put(~data.length & 0xffff, 16);
  for (const b of data) w.put(b, 8);
}

/** Its end-of-block code is 7 zero bits. */
export function emptyFixedBlock(w: Bits): void {
  w.put(0, 1);
  w.put(1, 2);
  w.put(0, 7);
}

/** A zlib stream of the blocks in `w`, which inflate to `output`. */
export function zlibStream(w: Bits, output: Uint8Array): Buffer {
  const a = adler32(output, output.length);
  return Buffer.from([0x78, 0x9c, ...w.bytes, a >>> 24, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff]);
}

/** Code lengths 1, 2, ..., 15, 15 on `symbols`: a complete code as deep as deflate allows. */
function deepCode(size: number, symbols: number[]): number[] {
  const lengths = Array<number>(size).fill(0);
  symbols.forEach((s, i) => (lengths[s] = Math.min(i + 1, 15)));
  return lengths;
}

// End-of-block gets the 1-bit code, so an empty block ends in one bit; bytes
// 13 and 14 get the 15-bit codes. `costliest` declares all 286 + 30 symbols,
// for the most code lengths to read and count.
const deepCodes = (costliest: boolean) => ({
  lit: deepCode(costliest ? 286 : 257, [256, ...Array.from({ length: 15 }, (_, i) => i)]),
  dist: deepCode(
    costliest ? 30 : 16,
    Array.from({ length: 16 }, (_, i) => i),
  ),
});
const LONG_LITERAL = 13;

/**
 * ~31 bytes for which the unbounded inflater built two 32768-entry tables;
 * or, `costliest`, ~65 bytes of the most work per block for the bounded one.
 */
export function emptyDeepBlock(w: Bits, costliest = false): void {
  const { lit, dist } = deepCodes(costliest);
  dynamicBlock(w, false, lit, dist, costliest).lit(256);
}

/** A ticket of at most 4096 characters: as many `block`s as fit, then `json` in a final stored block. */
export function ticketOfBlocks(block: (w: Bits) => void, json: string): { ticket: string; blocks: number } {
  const data = Buffer.from(json);
  const probe = new Bits();
  block(probe);
  const w = new Bits();
  let blocks = 0;
  // 2 + 4: the zlib header and checksum; 5: the stored block's header and padding.
  while (2 + Math.ceil((w.bits + probe.bits) / 8) + 5 + data.length + 4 <= MAX_BYTES) {
    block(w);
    blocks++;
  }
  storedBlock(w, true, data);
  return { ticket: escapeTicket(zlibStream(w, data)), blocks };
}

/**
 * The costliest ticket found for the bounded inflater: MAX_BLOCKS - 1 of
 * the costliest empty deep blocks, then one of as many 15-bit literals as
 * fit, each one past the lookup table. Inflates to carriage returns, so the
 * JSON parser also reads to the end before it refuses.
 */
export function costliestTicket(): string {
  const w = new Bits();
  for (let i = 0; i < MAX_BLOCKS - 1; i++) emptyDeepBlock(w, true);
  const { lit, dist } = deepCodes(true);
  const block = dynamicBlock(w, true, lit, dist, true);
  let n = 0;
  for (; 2 + Math.ceil((w.bits + 15 + 1) / 8) + 4 <= MAX_BYTES; n++) block.lit(LONG_LITERAL);
  block.lit(256);
  return escapeTicket(zlibStream(w, new Uint8Array(n).fill(LONG_LITERAL)));
}
