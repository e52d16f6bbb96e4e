import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { deflateSync } from "node:zlib";
import { describe, it } from "node:test";
import { genPrivateMapKey, genUserSig, verifyUserSig } from "@/lib/usersig";
import { KEY, LAYOUTS, NOW, OTHER_KEY, SDK_APP_ID, ticketInLayout } from "./usersig-support";

const EXPIRE = 86400;
const ticket = genUserSig({ sdkAppId: SDK_APP_ID, key: KEY, userId: "xiaojun", expire: EXPIRE, now: NOW });
const input = { ticket, sdkAppId: SDK_APP_ID, userId: "xiaojun", keys: [KEY], now: NOW };

function rejected(r: ReturnType<typeof verifyUserSig>, code: number, pattern?: RegExp) {
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.code, code, r.reason);
  assert.ok(r.reason.length > 10 && r.fix.length > 10);
  if (pattern) assert.match(r.reason, pattern);
}

describe("verifyUserSig", () => {
  it('refuses a lone-surrogate escape: "x\\ud800" must not pass for a ticket signed over "x\\ufffd" (found by npm run fuzz)', () => {
    const content = `TLS.identifier:x\ufffd\nTLS.sdkappid:${SDK_APP_ID}\nTLS.time:${NOW}\nTLS.expire:${EXPIRE}\n`;
    const sig = createHmac("sha256", KEY).update(content).digest("base64");
    const json = `{"TLS.ver":"2.0","TLS.identifier":"x\\ud800","TLS.sdkappid":${SDK_APP_ID},"TLS.time":${NOW},"TLS.expire":${EXPIRE},"TLS.sig":"${sig}"}`;
    const forged = deflateSync(json).toString("base64").replace(/\+/g, "*").replace(/\//g, "-").replace(/=/g, "_");
    rejected(
      verifyUserSig({ ticket: forged, sdkAppId: SDK_APP_ID, userId: "x\ud800", keys: [KEY], now: NOW }),
      70003,
      /unpaired surrogate/,
    );
  });

  it("accepts a valid ticket and reports when it expires and which key matched", () => {
    const r = verifyUserSig(input);
    assert.ok(r.ok);
    assert.equal(r.expiresAt, NOW + EXPIRE);
    assert.equal(r.keyIndex, 0);
    assert.equal(r.value.identifier, "xiaojun");
  });

  it("is valid at exactly time + expire and expired one second later (70001, saying when)", () => {
    assert.ok(verifyUserSig({ ...input, now: NOW + EXPIRE }).ok);
    rejected(verifyUserSig({ ...input, now: NOW + EXPIRE + 1 }), 70001, /expired at 2026-11-27T\S+ \(1 seconds ago\)/);
  });

  it("leewaySeconds tolerates clock skew on expiry only", () => {
    assert.ok(verifyUserSig({ ...input, now: NOW + EXPIRE + 30, leewaySeconds: 30 }).ok);
    rejected(verifyUserSig({ ...input, now: NOW + EXPIRE + 31, leewaySeconds: 30 }), 70001);
    rejected(verifyUserSig({ ...input, keys: [OTHER_KEY], leewaySeconds: 1e9 }), 70009);
  });

  it("refuses a ticket dated more than the clock-skew leeway ahead (70005, naming the skew); within it, accepts", () => {
    assert.ok(verifyUserSig({ ...input, now: NOW - 300 }).ok, "300 s ahead is within the default leeway");
    const ahead = verifyUserSig({ ...input, now: NOW - 301 });
    rejected(
      ahead,
      70005,
      /issued 301 seconds in the future: TLS\.time is 2026-11-26T05:38:22Z, this server's clock says 2026-11-26T05:33:21Z, and at most 300 seconds/,
    );
    assert.ok(!ahead.ok && /clock/.test(ahead.fix) && /\/api\/v1\/time/.test(ahead.fix));
    assert.ok(verifyUserSig({ ...input, now: NOW - 3600, futureLeewaySeconds: 3600 }).ok);
    rejected(verifyUserSig({ ...input, now: NOW - 1, futureLeewaySeconds: 0 }), 70005, /1 seconds in the future/);
    assert.ok(
      verifyUserSig({ ...input, futureLeewaySeconds: 0 }).ok,
      "a ticket of this very second is not in the future",
    );
    // After the signature check, like expiry: a forged ticket gets 70009 whatever its date.
    rejected(verifyUserSig({ ...input, keys: [OTHER_KEY], now: NOW - 10 * EXPIRE }), 70009);
  });

  it("tries every key and reports the matching one (key rotation)", () => {
    const r = verifyUserSig({ ...input, keys: [OTHER_KEY, KEY] });
    assert.ok(r.ok && r.keyIndex === 1);
    const v = verifyUserSig({
      ...input,
      keys: [
        { key: OTHER_KEY, version: 3 },
        { key: KEY, version: 2 },
      ],
    });
    assert.ok(v.ok && v.keyIndex === 1);
    assert.ok(verifyUserSig({ ...input, keys: ["", KEY] }).ok);
  });

  it("70009 for a ticket signed with another key, and never 70001 for a bad signature", () => {
    rejected(verifyUserSig({ ...input, keys: [OTHER_KEY] }), 70009, /does not match the key/);
    rejected(verifyUserSig({ ...input, keys: [OTHER_KEY, OTHER_KEY.replace("1", "2")] }), 70009, /any of the 2 keys/);
    rejected(verifyUserSig({ ...input, keys: [OTHER_KEY], now: NOW + 10 * EXPIRE }), 70009);
  });

  it("70013 when the UserID differs, 70014 when the SDKAppID differs", () => {
    rejected(verifyUserSig({ ...input, userId: "xiaojun2" }), 70013, /"xiaojun".*"xiaojun2"/);
    rejected(verifyUserSig({ ...input, sdkAppId: 1400000001 }), 70014, /1400000000.*1400000001/);
  });

  it("70016 when no key is given", () => {
    rejected(verifyUserSig({ ...input, keys: [] }), 70016);
  });

  it("passes decode rejections through (70002, 70003, 70005)", () => {
    rejected(verifyUserSig({ ...input, ticket: "" }), 70002);
    rejected(verifyUserSig({ ...input, ticket: "abc" }), 70003);
    rejected(
      verifyUserSig({
        ...input,
        ticket: ticketInLayout(
          { identifier: "xiaojun", sdkAppId: SDK_APP_ID, time: NOW, expire: EXPIRE },
          KEY,
          LAYOUTS[0]!,
          "short",
        ),
      }),
      70005,
    );
  });

  it("with userBuf, requires the ticket to carry exactly that userbuf", () => {
    const pmk = genPrivateMapKey({
      sdkAppId: SDK_APP_ID,
      key: KEY,
      userId: "xiaojun",
      now: NOW,
      expire: 300,
      room: 42,
      privileges: 255,
    });
    const decoded = verifyUserSig({ ...input, ticket: pmk });
    assert.ok(decoded.ok);
    const userBuf = Buffer.from(decoded.value.userBuf!, "base64");
    assert.ok(verifyUserSig({ ...input, ticket: pmk, userBuf }).ok);
    const other = Buffer.from(userBuf);
    other[other.length - 5]! ^= 1;
    rejected(verifyUserSig({ ...input, ticket: pmk, userBuf: other }), 70009, /userbuf/);
    rejected(verifyUserSig({ ...input, userBuf }), 70009, /userbuf/);
  });
});

describe("tickets in every official SDK's layout verify", () => {
  const cases = [
    { identifier: "xiaojun", userBuf: undefined },
    { identifier: 'a<b>&c/d"e\\f', userBuf: "AAAHeGlhb2p1blNyTgAAACcQa/UTzgAAAP8AAAAA" },
    { identifier: "用户", userBuf: "//8=" },
  ];
  for (const layout of LAYOUTS) {
    it(layout.name, () => {
      for (const c of cases) {
        const f = { identifier: c.identifier, sdkAppId: SDK_APP_ID, time: NOW, expire: EXPIRE, userBuf: c.userBuf };
        const t = ticketInLayout(f, KEY, layout);
        const r = verifyUserSig({ ticket: t, sdkAppId: SDK_APP_ID, userId: c.identifier, keys: [KEY], now: NOW });
        assert.ok(r.ok, `${layout.name} ${c.identifier}: ${r.ok ? "" : r.reason}`);
        assert.equal(r.value.userBuf, c.userBuf);
        rejected(
          verifyUserSig({ ticket: t, sdkAppId: SDK_APP_ID, userId: c.identifier, keys: [OTHER_KEY], now: NOW }),
          70009,
        );
      }
    });
  }
});
