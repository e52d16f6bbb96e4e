// Property-based fuzzing of decode and verify (about 110k cases in all): no
// input makes them throw, and no mutation of a genuine ticket that changes
// its content is accepted.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deflateSync } from "node:zlib";
import fc from "fast-check";
import { DEFAULT_CLOCK_SKEW_SECONDS, decodeUserSig, genPrivateMapKey, genUserSig, verifyUserSig } from "@/lib/usersig";
import {
  escapeTicket,
  inflateTicket,
  KEY,
  LAYOUTS,
  NOW,
  OTHER_KEY,
  SDK_APP_ID,
  ticketInLayout,
  unescapeTicket,
} from "./usersig-support";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_";
const KNOWN_CODES = new Set([70001, 70002, 70003, 70005, 70009, 70013, 70014, 70016]);
const USER_ID = "fuzz_user";
const tickets = [
  genUserSig({ sdkAppId: SDK_APP_ID, key: KEY, userId: USER_ID, now: NOW }),
  genPrivateMapKey({ sdkAppId: SDK_APP_ID, key: KEY, userId: USER_ID, now: NOW, room: "fuzz-room", privileges: 42 }),
  ticketInLayout({ identifier: USER_ID, sdkAppId: SDK_APP_ID, time: NOW, expire: 86400 }, KEY, LAYOUTS[4]!), // Go, stored block
];
const verify = (ticket: string) =>
  verifyUserSig({ ticket, sdkAppId: SDK_APP_ID, userId: USER_ID, keys: [KEY], now: NOW });

function assertRejected(r: ReturnType<typeof verifyUserSig> | ReturnType<typeof decodeUserSig>) {
  assert.equal(r.ok, false);
  if (!r.ok) assert.ok(KNOWN_CODES.has(r.code) && r.reason.length > 0 && r.fix.length > 0, JSON.stringify(r));
}

/**
 * A mutated ticket may only be accepted if it is the same ticket spelled
 * differently: LZ77 lets a back-reference point at any earlier copy of the
 * same bytes, the zlib header's FLEVEL is a hint, and padding is optional,
 * so distinct strings can inflate to the same JSON. What must never happen is
 * accepting different content, so that is what is checked.
 */
function assertNoForgery(mutated: string, original: string) {
  const r = verify(mutated);
  if (r.ok) assert.equal(inflateTicket(mutated), inflateTicket(original), `accepted changed content: ${mutated}`);
  else assertRejected(r);
}

describe("fuzzing decode and verify", () => {
  it("arbitrary strings never throw and get a known code (30k)", () => {
    const anyString = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 400 }),
      fc.string({ unit: "binary", maxLength: 100 }),
    );
    fc.assert(
      fc.property(anyString, (s) => {
        const d = decodeUserSig(s);
        if (!d.ok) assertRejected(d);
        assertRejected(verify(s));
      }),
      { numRuns: 30_000 },
    );
  });

  it("arbitrary bytes behind a valid zlib layer never throw (10k)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(0, 1, 6, 9), (bytes, level) => {
        const r = decodeUserSig(escapeTicket(deflateSync(bytes, { level })));
        if (!r.ok) assertRejected(r);
      }),
      { numRuns: 10_000 },
    );
  });

  it("character substitutions, insertions and deletions never get changed content accepted (30k)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...tickets),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ALPHABET), fc.constantFrom("set", "insert", "delete")), {
          minLength: 1,
          maxLength: 4,
        }),
        (ticket, edits) => {
          let t = ticket;
          for (const [p, c, op] of edits) {
            const i = p % (t.length + 1);
            t =
              op === "set"
                ? t.slice(0, i) + c + t.slice(i + 1)
                : op === "insert"
                  ? t.slice(0, i) + c + t.slice(i)
                  : t.slice(0, i) + t.slice(i + 1);
          }
          assertNoForgery(t, ticket);
        },
      ),
      { numRuns: 30_000 },
    );
  });

  it("bit flips in the compressed bytes never get changed content accepted (20k)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...tickets),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 3 }),
        (ticket, flips) => {
          const bytes = unescapeTicket(ticket);
          for (const [p, b] of flips) bytes[p % bytes.length]! ^= 1 << b;
          assertNoForgery(escapeTicket(bytes), ticket);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it("truncations never get changed content accepted (every prefix of each sample)", () => {
    for (const ticket of tickets) {
      for (let n = 0; n < ticket.length; n++) {
        assertNoForgery(ticket.slice(0, n), ticket);
      }
    }
  });

  it("tampered fields re-signed with another key, in any layout, are never accepted (10k)", () => {
    const fields = fc.record({
      identifier: fc.oneof(fc.constant(USER_ID), fc.string({ minLength: 1, maxLength: 40 })),
      sdkAppId: fc.oneof(fc.constant(SDK_APP_ID), fc.integer({ min: 0, max: 0xffffffff })),
      time: fc.integer({ min: 0, max: 2 ** 32 }),
      expire: fc.integer({ min: 0, max: 2 ** 31 }),
      userBuf: fc.option(fc.base64String({ maxLength: 60 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fields, fc.constantFrom(...LAYOUTS), (f, layout) => {
        const forged = ticketInLayout(f, OTHER_KEY, layout);
        const r = verifyUserSig({ ticket: forged, sdkAppId: SDK_APP_ID, userId: USER_ID, keys: [KEY], now: NOW });
        assertRejected(r);
        // Even a ticket that is otherwise perfectly valid for this request must not come back as "expired".
        if (!r.ok && f.identifier === USER_ID && f.sdkAppId === SDK_APP_ID)
          assert.ok(r.code === 70009 || r.code === 70005, r.reason); // 70005: non-canonical userbuf
      }),
      { numRuns: 10_000 },
    );
  });

  it("genuine tickets with random fields in any layout verify exactly when unexpired and not dated beyond the clock skew (10k)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 2 ** 33 }),
        fc.constantFrom(...LAYOUTS),
        (time, expire, now, layout) => {
          const t = ticketInLayout({ identifier: USER_ID, sdkAppId: SDK_APP_ID, time, expire }, KEY, layout);
          const r = verifyUserSig({ ticket: t, sdkAppId: SDK_APP_ID, userId: USER_ID, keys: [KEY], now });
          if (time - now > DEFAULT_CLOCK_SKEW_SECONDS)
            assert.ok(!r.ok && r.code === 70005, r.ok ? "accepted" : r.reason);
          else if (now <= time + expire) assert.ok(r.ok, r.ok ? "" : r.reason);
          else assert.ok(!r.ok && r.code === 70001);
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
