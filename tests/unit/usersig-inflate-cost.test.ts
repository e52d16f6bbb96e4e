// The inflater's work is bounded whatever a ticket's deflate stream holds
// (issue 8 point 5: ~100 empty dynamic blocks with 15-bit codes cost 16 ms
// of CPU before any authentication). Asserted on counts, not on time.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { constants, deflateSync, inflateRawSync, inflateSync } from "node:zlib";
import { decodeUserSig, genUserSig } from "@/lib/usersig";
import { adler32, DIST_BASE, DIST_EXTRA, LENGTH_BASE, LENGTH_EXTRA } from "@/lib/usersig/deflate-format";
import { inflateWork, inflateZlib, MAX_BLOCKS } from "@/lib/usersig/inflate";
import {
  Bits,
  costliestTicket,
  dynamicBlock,
  emptyDeepBlock,
  emptyFixedBlock,
  storedBlock,
  ticketOfBlocks,
  zlibStream,
} from "./usersig-crafted";
import { escapeTicket, inflateTicket, KEY, NOW, SDK_APP_ID, unescapeTicket } from "./usersig-support";

const genuine = genUserSig({ sdkAppId: SDK_APP_ID, key: KEY, userId: "xiaojun", now: NOW });
const json = inflateTicket(genuine);
/** Per block at most a 512-entry literal table, a 512-entry distance table and a 128-entry code-length table. */
const TABLE_ENTRIES_PER_BLOCK = 512 + 512 + 128;

function refusedAfterBoundedWork(ticket: string) {
  assert.ok(ticket.length <= 4096, `${ticket.length} characters`);
  const r = decodeUserSig(ticket);
  assert.ok(!r.ok && r.code === 70003, r.ok ? "accepted" : r.reason);
  assert.ok(inflateWork.blocks <= MAX_BLOCKS + 1, `${inflateWork.blocks} blocks`);
  assert.ok(
    inflateWork.tableEntries <= MAX_BLOCKS * TABLE_ENTRIES_PER_BLOCK,
    `${inflateWork.tableEntries} table entries`,
  );
  return r.reason;
}

describe("inflate cost of crafted tickets", () => {
  it("refuses a genuine ticket behind ~100 empty dynamic blocks with 15-bit codes, after at most 16 small table builds", () => {
    const { ticket, blocks } = ticketOfBlocks(emptyDeepBlock, json);
    assert.ok(blocks > 90, `${blocks} blocks`);
    assert.equal(inflateSync(unescapeTicket(ticket)).toString(), json); // a valid zlib stream of the genuine JSON
    assert.match(refusedAfterBoundedWork(ticket), /more than 16 blocks/);
  });

  it("refuses a genuine ticket behind hundreds of empty stored or fixed blocks", () => {
    for (const block of [(w: Bits) => storedBlock(w, false, new Uint8Array(0)), emptyFixedBlock]) {
      const { ticket, blocks } = ticketOfBlocks(block, json);
      assert.ok(blocks > 500, `${blocks} blocks`);
      assert.equal(inflateSync(unescapeTicket(ticket)).toString(), json);
      assert.match(refusedAfterBoundedWork(ticket), /more than 16 blocks/);
    }
  });

  it("decodes the costliest crafted ticket (16 blocks, then 15-bit literals past the lookup table) with bounded table builds", () => {
    const ticket = costliestTicket();
    const out = new Uint8Array(4096);
    const r = inflateZlib(unescapeTicket(ticket), out);
    assert.ok(r.ok && r.length > 1000);
    assert.deepEqual(Buffer.from(out.subarray(0, r.length)), inflateSync(unescapeTicket(ticket)));
    assert.equal(inflateWork.blocks, MAX_BLOCKS);
    assert.match(refusedAfterBoundedWork(ticket), /JSON/);
  });

  it("accepts the multi-block streams encoders write, up to 16 blocks", () => {
    // Data, the empty stored block of a sync flush, then the empty final stored block Go's writer ends every stream with.
    const flushed = deflateSync(json, { finishFlush: constants.Z_SYNC_FLUSH });
    const a = adler32(Buffer.from(json), json.length);
    const threeBlocks = Buffer.concat([
      flushed,
      Buffer.from([1, 0, 0, 0xff, 0xff, a >>> 24, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff]),
    ]);
    assert.equal(inflateSync(threeBlocks).toString(), json);
    assert.ok(decodeUserSig(escapeTicket(threeBlocks)).ok);

    const inStoredBlocks = (count: number) => {
      const w = new Bits();
      const data = Buffer.from(json);
      const size = Math.ceil(data.length / count);
      for (let i = 0; i < count; i++) storedBlock(w, i === count - 1, data.subarray(i * size, (i + 1) * size));
      return escapeTicket(zlibStream(w, data));
    };
    assert.ok(decodeUserSig(inStoredBlocks(MAX_BLOCKS)).ok);
    assert.match(refusedAfterBoundedWork(inStoredBlocks(MAX_BLOCKS + 1)), /more than 16 blocks/);
  });

  it("decodes random codes up to 15 bits long exactly as node:zlib does (3000 blocks)", () => {
    let seed = 2024;
    const rand = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    /** A complete code on `n` random symbols below `pool` (one of them `must`), grown by splitting leaves, mostly the newest, so it gets deep. */
    const randomCode = (size: number, n: number, must: number, pool = size) => {
      const depths = [1, 1];
      while (depths.length < n) {
        const i = rand(2) ? depths.length - 1 : rand(depths.length);
        if (depths[i]! < 15) depths.push(++depths[i]!);
      }
      const symbols = Array.from({ length: pool }, (_, s) => s);
      for (let i = pool - 1; i > 0; i--) {
        const j = rand(i + 1);
        [symbols[i], symbols[j]] = [symbols[j]!, symbols[i]!];
      }
      symbols.splice(symbols.indexOf(must), 1);
      symbols.unshift(must);
      const lengths = Array<number>(size).fill(0);
      depths.forEach((d, i) => (lengths[symbols[i]!] = d));
      return lengths;
    };
    const out = new Uint8Array(1 << 16);
    let long = 0;
    for (let t = 0; t < 3000; t++) {
      const lit = randomCode(286, 2 + rand(60), 256);
      // Distances up to 256 (symbols 0-15), so that most of them fit in the output and get used.
      const dist = randomCode(30, 1 + rand(16), 0, 16);
      const literals = lit.flatMap((l, s) => (l && s < 256 ? [s] : []));
      const lengths = lit.flatMap((l, s) => (l && s > 256 ? [s] : []));
      const w = new Bits();
      const block = dynamicBlock(w, true, lit, dist);
      let outLen = 0;
      for (let k = 0; k < 200; k++) {
        // Half of the symbols are matches, when the code has length symbols and a distance fits.
        const s =
          lengths.length && (rand(2) || !literals.length)
            ? lengths[rand(lengths.length)]!
            : literals[rand(literals.length)]!;
        if (s < 256) {
          block.lit(s);
          outLen++;
          continue;
        }
        // A match, with a distance inside the output so far.
        const fitting = dist.flatMap((l, d) => (l && DIST_BASE[d]! <= outLen ? [d] : []));
        if (fitting.length === 0) continue;
        const lengthExtra = rand(1 << LENGTH_EXTRA[s - 257]!);
        block.lit(s);
        w.put(lengthExtra, LENGTH_EXTRA[s - 257]!);
        const d = fitting[rand(fitting.length)]!;
        block.dist(d);
        w.put(rand(Math.min(1 << DIST_EXTRA[d]!, outLen - DIST_BASE[d]! + 1)), DIST_EXTRA[d]!);
        outLen += LENGTH_BASE[s - 257]! + lengthExtra;
      }
      block.lit(256);
      const expected = inflateRawSync(Buffer.from(w.bytes));
      const r = inflateZlib(zlibStream(w, expected), out);
      assert.ok(r.ok, `block ${t}: ${r.ok ? "" : r.error}`);
      assert.deepEqual(Buffer.from(out.subarray(0, r.length)), expected, `block ${t}`);
      if (Math.max(...lit, ...dist) > 9) long++;
    }
    assert.ok(long > 2000, `${long} with codes over 9 bits`);
  });
});
