import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { constants, deflateSync, inflateSync } from "node:zlib";
import { inflate as pakoInflate } from "pako";
import { decodeUserSig, genUserSig, genUserSigWithUserBuf } from "@/lib/usersig";
import { inflateZlib } from "@/lib/usersig/inflate";
import { deflateZlib } from "@/lib/usersig/deflate";
import { deflateBomb, escapeTicket, KEY, NOW, SDK_APP_ID, signFields, ticketFromJson } from "./usersig-support";

const ticket = genUserSig({ sdkAppId: SDK_APP_ID, key: KEY, userId: "xiaojun", now: NOW });
const sig = signFields({ identifier: "xiaojun", sdkAppId: SDK_APP_ID, time: NOW, expire: 86400 }, KEY);
const fields = `"TLS.identifier":"xiaojun","TLS.sdkappid":${SDK_APP_ID},"TLS.time":${NOW},"TLS.expire":86400`;

/** A valid ticket whose escaped base64 ends in padding (the UserID is varied until the compressed length needs it). */
function paddedTicket(): string {
  for (let n = 1; ; n++) {
    const f = { identifier: "u".repeat(n), sdkAppId: SDK_APP_ID, time: NOW, expire: 86400 };
    const t = escapeTicket(
      deflateSync(
        `{"TLS.ver":"2.0","TLS.identifier":"${f.identifier}","TLS.sdkappid":${SDK_APP_ID},"TLS.time":${NOW},"TLS.expire":86400,"TLS.sig":"${signFields(f, KEY)}"}`,
      ),
    );
    if (t.endsWith("_")) return t;
  }
}

function rejectedWith(t: unknown, code: number, pattern?: RegExp) {
  const r = decodeUserSig(t as string);
  assert.equal(r.ok, false, `accepted ${String(t).slice(0, 60)}`);
  if (r.ok) return;
  assert.equal(r.code, code, r.reason);
  assert.ok(r.reason.length > 10 && r.fix.length > 10);
  if (pattern) assert.match(r.reason, pattern);
}

describe("decodeUserSig", () => {
  it("decodes a ticket into its fields", () => {
    assert.deepEqual(decodeUserSig(ticket), {
      ok: true,
      value: {
        version: "2.0",
        identifier: "xiaojun",
        sdkAppId: SDK_APP_ID,
        time: NOW,
        expire: 15552000,
        sig: "obET5xS+vbyFjkX2hJuxfxXL9DS2qAL3sYTZ3tvQRvQ=",
      },
    });
  });

  it("keeps the userbuf as the ticket's base64", () => {
    const r = decodeUserSig(
      genUserSigWithUserBuf({ sdkAppId: SDK_APP_ID, key: KEY, userId: "u", now: NOW, userBuf: Buffer.from("hello") }),
    );
    assert.ok(r.ok && r.value.userBuf === "aGVsbG8=");
  });

  it("accepts the ticket with and without its trailing _ padding", () => {
    const padded = paddedTicket();
    assert.ok(decodeUserSig(padded).ok);
    assert.ok(decodeUserSig(padded.replace(/_+$/, "")).ok);
  });

  it("70002 for an empty UserSig", () => {
    rejectedWith("", 70002);
    rejectedWith(undefined, 70002);
    rejectedWith(null, 70002);
  });

  it("70003 for text that is not a ticket", () => {
    rejectedWith(42, 70003, /not a string/);
    rejectedWith(ticket.slice(0, -5), 70003);
    rejectedWith(`${ticket} `, 70003, /space/);
    rejectedWith(`${ticket}\n`, 70003);
    rejectedWith(`+${ticket.slice(1)}`, 70003, /"\+" at position 1/);
    rejectedWith(ticket.slice(0, 10) + "é" + ticket.slice(11), 70003, /"é" at position 11/);
    rejectedWith("abcde", 70003, /length/);
    rejectedWith("abc_", 70003);
    rejectedWith(`${ticket}___`, 70003);
    rejectedWith("x".repeat(5000), 70003, /at most 4096/);
    rejectedWith(escapeTicket(Buffer.from("not zlib at all")), 70003, /not zlib/);
    rejectedWith(ticketFromJson("not json"), 70003, /JSON/);
    rejectedWith(ticketFromJson('{"TLS.ver":"2.0",'), 70003, /JSON/);
    rejectedWith(ticketFromJson(`{"TLS.ver":"2.0"} x`), 70003, /JSON/);
    rejectedWith(ticketFromJson(`{"TLS.ver":"2.0\u0001"}`), 70003, /control/);
    rejectedWith(ticketFromJson(`{"TLS.ver":"\\x"}`), 70003, /escape/);
    rejectedWith(ticketFromJson(`{"TLS.ver":01}`), 70003);
    rejectedWith(escapeTicket(Buffer.concat([deflateSync("{}"), Buffer.from([0])])), 70003, /extra bytes/);
    rejectedWith(escapeTicket(Buffer.concat([deflateSync(Buffer.from([0xff, 0xfe]))])), 70003, /UTF-8/);
  });

  it("70003 for a non-canonical last character (two spellings of one ticket)", () => {
    const other = paddedTicket().replace(/_+$/, "");
    const last = other.at(-1)!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-";
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    assert.ok(decodeUserSig(other).ok);
    rejectedWith(other.slice(0, -1) + sibling, 70003, /canonical/);
  });

  it("70005 for JSON of the wrong shape", () => {
    const cases: [string, RegExp][] = [
      [`{"TLS.ver":"2.0",${fields}}`, /"TLS.sig" is missing/],
      [`{"TLS.ver":"2.0",${fields},"TLS.sig":"${sig}","TLS.sig":"${sig}"}`, /appears twice/],
      [`{"TLS.ver":"2.0",${fields},"TLS.sig":"${sig}","TLS.\\u0073ig":"${sig}"}`, /appears twice/],
      [`{"TLS.ver":"2.0",${fields},"TLS.sig":"${sig}","__proto__":{"x":1}}`, /not a string or a number/],
      [`{"TLS.ver":"2.0",${fields},"TLS.sig":"${sig}","__proto__":"x"}`, /unknown field "__proto__"/],
      [`{"TLS.ver":"2.0",${fields},"TLS.sig":"${sig}","constructor":1}`, /unknown field/],
      [`{"TLS.ver":"1.0",${fields},"TLS.sig":"${sig}"}`, /only "2.0"/],
      [`{"TLS.ver":2.0,${fields},"TLS.sig":"${sig}"}`, /"TLS.ver" is not a string/],
      [`{"TLS.ver":"2.0",${fields.replace('"xiaojun"', "7")},"TLS.sig":"${sig}"}`, /"TLS.identifier" is not a string/],
      [`{"TLS.ver":"2.0",${fields.replace('"xiaojun"', '""')},"TLS.sig":"${sig}"}`, /empty/],
      [
        `{"TLS.ver":"2.0",${fields.replace(`${SDK_APP_ID}`, `"${SDK_APP_ID}"`)},"TLS.sig":"${sig}"}`,
        /"TLS.sdkappid" is not a number/,
      ],
      [`{"TLS.ver":"2.0",${fields.replace(`${SDK_APP_ID}`, "4294967296")},"TLS.sig":"${sig}"}`, /whole number/],
      [`{"TLS.ver":"2.0",${fields.replace(`${NOW}`, `-${NOW}`)},"TLS.sig":"${sig}"}`, /whole number/],
      [`{"TLS.ver":"2.0",${fields.replace(`${NOW}`, `${NOW}.0`)},"TLS.sig":"${sig}"}`, /whole number/],
      [`{"TLS.ver":"2.0",${fields.replace("86400", "8.64e4")},"TLS.sig":"${sig}"}`, /whole number/],
      [`{"TLS.ver":"2.0",${fields.replace("86400", "9007199254740993")},"TLS.sig":"${sig}"}`, /whole number/],
      [`{"TLS.ver":"2.0",${fields.replace("86400", "true")},"TLS.sig":"${sig}"}`, /not a string or a number/],
      [`{"TLS.ver":"2.0",${fields},"TLS.sig":null}`, /not a string or a number/],
      [`{"TLS.ver":"2.0",${fields},"TLS.sig":"${sig.slice(0, -4)}"}`, /32-byte/],
      [`{"TLS.ver":"2.0",${fields},"TLS.sig":"${Buffer.alloc(33).toString("base64")}"}`, /32-byte/],
      [`{"TLS.ver":"2.0",${fields},"TLS.sig":"${sig.replace("=", "")}"}`, /32-byte/],
      [`{"TLS.ver":"2.0",${fields},"TLS.userbuf":"a-b_","TLS.sig":"${sig}"}`, /userbuf/],
      [`{"TLS.ver":"2.0",${fields},"TLS.userbuf":5,"TLS.sig":"${sig}"}`, /"TLS.userbuf" is not a string/],
      [`[1]`, /JSON/],
    ];
    for (const [json, pattern] of cases) {
      const r = decodeUserSig(ticketFromJson(json));
      assert.equal(r.ok, false, json);
      if (!r.ok) {
        assert.equal(r.code, json === "[1]" ? 70003 : 70005, `${json}: ${r.reason}`);
        assert.match(r.reason, pattern, json);
      }
    }
  });

  it("leaves Object.prototype alone", () => {
    decodeUserSig(ticketFromJson(`{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}`));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe("deflate bombs", () => {
  // ~1 MB of zlib stream that inflates to ~1 GB: each byte of its body is four
  // (length 258, distance 1) pairs, 1032 bytes of output.
  const bomb = deflateBomb(4_200_000);

  it("the bomb is real: node:zlib inflates its first 10 KB to 10 MB", () => {
    assert.ok(bomb.length > 1_000_000, `${bomb.length} bytes`);
    const head = inflateSync(bomb.subarray(0, 10_000), { finishFlush: constants.Z_SYNC_FLUSH });
    assert.ok(head.length > 10_000_000, `${head.length} bytes`);
  });

  it("a 1 MB ticket that would inflate to 1 GB is refused by the length cap, before any inflating", () => {
    const r = decodeUserSig(escapeTicket(bomb));
    assert.ok(!r.ok && r.code === 70003, r.ok ? "accepted" : r.reason);
    assert.match(r.reason, /at most 4096/);
  });

  it("the inflater alone (no length cap) stops the 1 GB bomb at its output limit, after reading a few dozen of its bytes, without memory growth", () => {
    let reads = 0;
    // Counts the input bytes the inflater reads: its work, whatever the clock says.
    const counted = new Proxy(bomb, {
      get(target, key) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    globalThis.gc?.();
    const memBefore = process.memoryUsage();
    const direct = inflateZlib(counted, new Uint8Array(4096));
    const memAfter = process.memoryUsage();
    assert.ok(!direct.ok && direct.tooLarge, JSON.stringify(direct));
    assert.match(direct.error, /more than 4096 bytes/);
    assert.ok(reads > 0 && reads <= 64, `read ${reads} of ${bomb.length} bytes`);
    const growth = memAfter.heapUsed + memAfter.arrayBuffers - (memBefore.heapUsed + memBefore.arrayBuffers);
    assert.ok(growth < 16 * 1024 * 1024, `memory grew by ${growth} bytes`);
  });

  it("a bomb small enough to pass the ticket size cap is refused at the inflater's output limit", () => {
    const fits = escapeTicket(deflateBomb(10_000));
    assert.ok(fits.length <= 4096, `${fits.length}`);
    const r = decodeUserSig(fits);
    assert.ok(!r.ok && r.code === 70003, r.ok ? "accepted" : r.reason);
    assert.match(r.reason, /more than 4096 bytes/);
    // Cut to the cap, a bigger bomb is refused for its output too, before the cut is reached.
    const cut = escapeTicket(deflateBomb(20_000)).slice(0, 4096);
    const r2 = decodeUserSig(cut);
    assert.ok(!r2.ok && r2.code === 70003, r2.ok ? "accepted" : r2.reason);
    assert.match(r2.reason, /more than 4096 bytes/);
  });
});

describe("inflate and deflate agree with node:zlib", () => {
  it("inflates zlib output at levels 0, 1, 6 and 9 and refuses what zlib refuses (4000 streams, half mutated)", () => {
    const out = new Uint8Array(1 << 16);
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / (1 << 24);
    for (let t = 0; t < 4000; t++) {
      const n = Math.floor(rand() * (t % 2 ? 300 : 3000));
      const data = Buffer.alloc(n);
      for (let i = 0; i < n; i++) data[i] = rand() < 0.6 ? 97 + (i % 7) : Math.floor(rand() * 256);
      const z = deflateSync(data, { level: [0, 1, 6, 9][t % 4]! });
      if (t % 2) z[Math.floor(rand() * z.length)]! ^= 1 << Math.floor(rand() * 8);
      let expected: Buffer | null = null;
      try {
        expected = inflateSync(z);
      } catch {
        expected = null;
      }
      const r = inflateZlib(z, out);
      assert.equal(r.ok, expected !== null, `stream ${t}`);
      if (r.ok) assert.deepEqual(Buffer.from(out.subarray(0, r.length)), expected);
    }
  });

  it("deflateZlib output inflates with node:zlib and with pako, the browser's zlib (2000 inputs)", () => {
    let seed = 99;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / (1 << 24);
    for (let t = 0; t < 2000; t++) {
      const n = Math.floor(rand() * 5000);
      const data = Buffer.alloc(n);
      for (let i = 0; i < n; i++)
        data[i] =
          rand() < 0.5 && i > 0
            ? data[Math.max(0, i - 1 - Math.floor(rand() * 40))]!
            : Math.floor(rand() * (t % 3 ? 256 : 4));
      const compressed = deflateZlib(data);
      assert.deepEqual(inflateSync(compressed), data);
      assert.deepEqual(Buffer.from(pakoInflate(compressed)), data);
    }
  });
});

describe("browser entry point", () => {
  it("lib/usersig/browser.ts reaches no node: module and no Buffer", async () => {
    const { readFileSync } = await import("node:fs");
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(`lib/usersig/${file}.ts`, "utf8");
      assert.doesNotMatch(source, /from "node:|require\(|\bBuffer\.|process\./, file);
      for (const [, dep] of source.matchAll(/from "\.\/([\w-]+)"/g)) visit(dep!);
    };
    visit("browser");
    assert.ok(seen.has("decode") && seen.has("inflate") && seen.has("private-map-key-buf"));
  });
});
