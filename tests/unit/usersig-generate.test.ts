import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  DEFAULT_EXPIRE_SECONDS,
  PRIVILEGES,
  UserSigInputError,
  decodePrivateMapKeyBuf,
  genPrivateMapKey,
  genUserSig,
  genUserSigWithUserBuf,
  validateUserId,
  verifyUserSig,
} from "@/lib/usersig";
import { inflateTicket, KEY, NOW, official, SDK_APP_ID } from "./usersig-support";

const base = { sdkAppId: SDK_APP_ID, key: KEY, userId: "xiaojun", now: NOW };

function verifies(ticket: string, sdkAppId: number, userId: string, now: number, key = KEY) {
  const r = verifyUserSig({ ticket, sdkAppId, userId, keys: [key], now });
  assert.equal(r.ok, true, r.ok ? "" : r.reason);
}

describe("official sample (SDKAppID 1400000000, xiaojun)", () => {
  it("genUserSig writes the official library's JSON text", () => {
    const expected = official(SDK_APP_ID, KEY, NOW, (api) => api.genUserSig("xiaojun", DEFAULT_EXPIRE_SECONDS));
    const ours = genUserSig(base);
    assert.equal(inflateTicket(ours), inflateTicket(expected));
    assert.equal(
      inflateTicket(ours),
      `{"TLS.ver":"2.0","TLS.identifier":"xiaojun","TLS.sdkappid":1400000000,"TLS.time":${NOW},"TLS.expire":15552000,"TLS.sig":"obET5xS+vbyFjkX2hJuxfxXL9DS2qAL3sYTZ3tvQRvQ="}`,
    );
    verifies(expected, SDK_APP_ID, "xiaojun", NOW);
  });

  it("genPrivateMapKey matches for numeric and string rooms", () => {
    const numeric = official(SDK_APP_ID, KEY, NOW, (api) =>
      api.genPrivateMapKey("xiaojun", DEFAULT_EXPIRE_SECONDS, 10000, 255),
    );
    assert.equal(inflateTicket(genPrivateMapKey({ ...base, room: 10000, privileges: 255 })), inflateTicket(numeric));
    const str = official(SDK_APP_ID, KEY, NOW, (api) =>
      api.genPrivateMapKeyWithStringRoomID("xiaojun", DEFAULT_EXPIRE_SECONDS, "1000000040", 255),
    );
    assert.equal(inflateTicket(genPrivateMapKey({ ...base, room: "1000000040", privileges: 255 })), inflateTicket(str));
  });

  it("tickets are no larger than the official ones, give or take a few bytes", () => {
    const ours = genUserSig(base);
    const theirs = official(SDK_APP_ID, KEY, NOW, (api) => api.genUserSig("xiaojun", DEFAULT_EXPIRE_SECONDS));
    assert.ok(ours.length <= theirs.length + 12, `${ours.length} vs ${theirs.length}`);
  });

  it("uses the system clock and the 180-day default when now/expire are omitted", () => {
    const before = Math.floor(Date.now() / 1000);
    const r = verifyUserSig({
      ticket: genUserSig({ sdkAppId: SDK_APP_ID, key: KEY, userId: "u" }),
      sdkAppId: SDK_APP_ID,
      userId: "u",
      keys: [KEY],
    });
    assert.ok(r.ok);
    assert.ok(r.value.time >= before && r.value.time <= before + 2);
    assert.equal(r.value.expire, DEFAULT_EXPIRE_SECONDS);
  });
});

describe("cross-check with the official library over random inputs", () => {
  const userId = fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: 1,
    maxLength: 32,
  });
  const sdkAppId = fc.integer({ min: 1, max: 0xffffffff });
  const expire = fc.integer({ min: 1, max: 50 * 365 * 86400 });
  const now = fc.integer({ min: 0, max: 2_600_000_000 });
  const fraction = fc.integer({ min: 0, max: 999 });

  it("genUserSig and genUserSigWithUserBuf (600 cases)", () => {
    fc.assert(
      fc.property(
        userId,
        sdkAppId,
        expire,
        now,
        fraction,
        fc.option(fc.uint8Array({ maxLength: 200 })),
        (u, app, exp, t, ms, userBuf) => {
          const theirs = official(
            app,
            KEY,
            t,
            (api) => (userBuf === null ? api.genUserSig(u, exp) : api.genSig(u, exp, Buffer.from(userBuf))),
            ms,
          );
          const ours =
            userBuf === null
              ? genUserSig({ sdkAppId: app, key: KEY, userId: u, expire: exp, now: t })
              : genUserSigWithUserBuf({ sdkAppId: app, key: KEY, userId: u, expire: exp, now: t, userBuf });
          assert.equal(inflateTicket(ours), inflateTicket(theirs));
          verifies(theirs, app, u, t);
          verifies(ours, app, u, t + exp);
        },
      ),
      { numRuns: 600 },
    );
  });

  it("genPrivateMapKey for every privilege map 1..255, numeric and string rooms (510 cases)", () => {
    const roomStr = fc.string({
      unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
      minLength: 1,
      maxLength: 64,
    });
    for (let privileges = 1; privileges <= 255; privileges++) {
      for (const stringRoom of [false, true]) {
        const [u, app, room, rs, t, ms] = fc.sample(
          fc.tuple(
            userId,
            sdkAppId,
            fc.integer({ min: 1, max: 0xffffffff }),
            roomStr,
            fc.integer({ min: 0, max: 2_000_000_000 }),
            fraction,
          ),
          { numRuns: 1, seed: privileges * 2 + Number(stringRoom) },
        )[0]!;
        const exp = 1 + ((privileges * 7919) % 86400);
        const theirs = official(
          app,
          KEY,
          t,
          (api) =>
            stringRoom
              ? api.genPrivateMapKeyWithStringRoomID(u, exp, rs, privileges)
              : api.genPrivateMapKey(u, exp, room, privileges),
          ms,
        );
        const ours = genPrivateMapKey({
          sdkAppId: app,
          key: KEY,
          userId: u,
          expire: exp,
          now: t,
          room: stringRoom ? rs : room,
          privileges,
        });
        assert.equal(inflateTicket(ours), inflateTicket(theirs), `privileges ${privileges}`);
        verifies(theirs, app, u, t);
      }
    }
  });
});

describe("PrivateMapKey userbuf", () => {
  it("decodes to the fields it was generated from", () => {
    const ticket = genPrivateMapKey({
      ...base,
      expire: 300,
      room: "room-1",
      privileges: ["enterRoom", "receiveAudio", "receiveVideo"],
    });
    const r = verifyUserSig({ ticket, sdkAppId: SDK_APP_ID, userId: "xiaojun", keys: [KEY], now: NOW });
    assert.ok(r.ok);
    const block = decodePrivateMapKeyBuf(Buffer.from(r.value.userBuf!, "base64"));
    assert.deepEqual(block, {
      ok: true,
      value: {
        version: 1,
        account: "xiaojun",
        sdkAppId: SDK_APP_ID,
        roomId: 0,
        roomStr: "room-1",
        expireAt: NOW + 300,
        privileges: 42,
        privilegeNames: ["enterRoom", "receiveAudio", "receiveVideo"],
        accountType: 0,
      },
    });
  });

  it("writes non-ASCII room names as UTF-8 with their byte length (SPEC 3, as Go does)", () => {
    const ticket = genPrivateMapKey({ ...base, room: "会议室", privileges: PRIVILEGES.enterRoom });
    const r = verifyUserSig({ ticket, sdkAppId: SDK_APP_ID, userId: "xiaojun", keys: [KEY], now: NOW });
    assert.ok(r.ok);
    const bytes = Buffer.from(r.value.userBuf!, "base64");
    assert.deepEqual([...bytes.subarray(-11)], [0, 9, ...Buffer.from("会议室")]);
    const block = decodePrivateMapKeyBuf(bytes);
    assert.ok(block.ok && block.value.roomStr === "会议室" && block.value.version === 1);
  });

  it("rejects malformed blocks", () => {
    const good = Buffer.from(
      inflateTicket(genPrivateMapKey({ ...base, room: 7, privileges: 255 })).match(/"TLS.userbuf":"([^"]+)"/)![1]!,
      "base64",
    );
    assert.ok(decodePrivateMapKeyBuf(good).ok);
    const cases: [string, Buffer][] = [
      ["short", good.subarray(0, 10)],
      ["truncated", good.subarray(0, good.length - 1)],
      ["extra byte", Buffer.concat([good, Buffer.from([0])])],
      ["bad version", Buffer.concat([Buffer.from([2]), good.subarray(1)])],
      ["account length too long", Buffer.concat([Buffer.from([0, 0xff, 0xff]), good.subarray(3)])],
      ["string room without length", Buffer.concat([Buffer.from([1]), good.subarray(1)])],
    ];
    for (const [name, buf] of cases) {
      const r = decodePrivateMapKeyBuf(buf);
      assert.equal(r.ok, false, name);
      assert.ok(!r.ok && r.code === 70005 && r.reason.length > 0 && r.fix.length > 0, name);
    }
  });
});

describe("input validation", () => {
  const bad: [string, string, () => unknown][] = [
    ["sdkAppId", "zero SDKAppID", () => genUserSig({ ...base, sdkAppId: 0 })],
    ["sdkAppId", "SDKAppID above uint32", () => genUserSig({ ...base, sdkAppId: 2 ** 32 })],
    ["sdkAppId", "fractional SDKAppID", () => genUserSig({ ...base, sdkAppId: 1.5 })],
    ["sdkAppId", "string SDKAppID", () => genUserSig({ ...base, sdkAppId: "1400000000" as unknown as number })],
    ["key", "empty key", () => genUserSig({ ...base, key: "" })],
    ["key", "key with a trailing newline", () => genUserSig({ ...base, key: `${KEY}\n` })],
    ["userId", "empty UserID", () => genUserSig({ ...base, userId: "" })],
    ["userId", "33-byte UserID", () => genUserSig({ ...base, userId: "a".repeat(33) })],
    ["userId", "UserID with a space", () => genUserSig({ ...base, userId: "a b" })],
    ["userId", "non-ASCII UserID", () => genUserSig({ ...base, userId: "用户" })],
    ["userId", "UserID with a control character", () => genUserSig({ ...base, userId: "a\tb" })],
    ["expire", "zero validity", () => genUserSig({ ...base, expire: 0 })],
    ["expire", "negative validity", () => genUserSig({ ...base, expire: -1 })],
    ["expire", "validity above 50 years", () => genUserSig({ ...base, expire: 50 * 365 * 86400 + 1 })],
    ["expire", "fractional validity", () => genUserSig({ ...base, expire: 1.5 })],
    ["now", "negative time", () => genUserSig({ ...base, now: -1 })],
    ["now", "fractional time", () => genUserSig({ ...base, now: NOW + 0.5 })],
    [
      "userBuf",
      "userbuf that is not bytes",
      () => genUserSigWithUserBuf({ ...base, userBuf: "abc" as unknown as Uint8Array }),
    ],
    ["userBuf", "userbuf above 1 KB", () => genUserSigWithUserBuf({ ...base, userBuf: new Uint8Array(1025) })],
    ["room", "room 0", () => genPrivateMapKey({ ...base, room: 0, privileges: 255 })],
    ["room", "room above uint32", () => genPrivateMapKey({ ...base, room: 2 ** 32, privileges: 255 })],
    ["room", "empty room string", () => genPrivateMapKey({ ...base, room: "", privileges: 255 })],
    ["room", "65-byte room string", () => genPrivateMapKey({ ...base, room: "r".repeat(65), privileges: 255 })],
    ["room", "room string with a newline", () => genPrivateMapKey({ ...base, room: "a\nb", privileges: 255 })],
    [
      "room",
      "room string with a lone surrogate",
      () => genPrivateMapKey({ ...base, room: "a\ud800", privileges: 255 }),
    ],
    ["privileges", "privileges 0", () => genPrivateMapKey({ ...base, room: 1, privileges: 0 })],
    ["privileges", "privileges 256", () => genPrivateMapKey({ ...base, room: 1, privileges: 256 })],
    ["privileges", "no privilege names", () => genPrivateMapKey({ ...base, room: 1, privileges: [] })],
    [
      "privileges",
      "unknown privilege name",
      () => genPrivateMapKey({ ...base, room: 1, privileges: ["fly" as "enterRoom"] }),
    ],
    [
      "expire",
      "PrivateMapKey expiry past 2106",
      () => genPrivateMapKey({ ...base, now: 0xffffffff - 10, expire: 11, room: 1, privileges: 1 }),
    ],
    ["input", "no input object", () => genUserSig(null as unknown as typeof base)],
  ];
  for (const [field, name, fn] of bad) {
    it(`refuses ${name} with a clear 70402 error`, () => {
      assert.throws(
        fn,
        (e: unknown) =>
          e instanceof UserSigInputError && e.code === 70402 && e.field === field && e.message.length > 20,
      );
    });
  }

  it("accepts the edges of every range and writes there what the official library writes", () => {
    // Each ticket is checked against tls-sig-api-v2's at the same second, not only by this library's own verifier.
    const same = (ours: string, theirs: string, what: string) => {
      assert.equal(inflateTicket(ours), inflateTicket(theirs), what);
      verifies(theirs, SDK_APP_ID, "xiaojun", NOW);
    };
    for (const input of [
      { ...base, sdkAppId: 1 },
      { ...base, sdkAppId: 0xffffffff },
      { ...base, userId: "a" },
      { ...base, userId: "~".repeat(32) },
      { ...base, userId: `"\\'<>&` },
      { ...base, expire: 1 },
      { ...base, expire: 50 * 365 * 86400 },
      { ...base, now: 0 },
      { ...base, key: "not-hex but fine" },
    ]) {
      const expire = "expire" in input ? input.expire : DEFAULT_EXPIRE_SECONDS;
      const theirs = official(input.sdkAppId, input.key, input.now, (api) => api.genUserSig(input.userId, expire));
      assert.equal(inflateTicket(genUserSig(input)), inflateTicket(theirs), JSON.stringify(input));
      verifies(theirs, input.sdkAppId, input.userId, input.now, input.key);
    }
    same(
      genPrivateMapKey({ ...base, room: 0xffffffff, privileges: 255 }),
      official(SDK_APP_ID, KEY, NOW, (api) => api.genPrivateMapKey("xiaojun", DEFAULT_EXPIRE_SECONDS, 0xffffffff, 255)),
      "room 2^32-1",
    );
    same(
      genPrivateMapKey({ ...base, room: "r".repeat(64), privileges: 1 }),
      official(SDK_APP_ID, KEY, NOW, (api) =>
        api.genPrivateMapKeyWithStringRoomID("xiaojun", DEFAULT_EXPIRE_SECONDS, "r".repeat(64), 1),
      ),
      "64-byte room",
    );
    same(
      genUserSigWithUserBuf({ ...base, userBuf: new Uint8Array(1024).fill(0xab) }),
      official(SDK_APP_ID, KEY, NOW, (api) => api.genSig("xiaojun", DEFAULT_EXPIRE_SECONDS, Buffer.alloc(1024, 0xab))),
      "1 KB userbuf",
    );
    same(
      genUserSigWithUserBuf({ ...base, userBuf: new Uint8Array(0) }),
      official(SDK_APP_ID, KEY, NOW, (api) => api.genSig("xiaojun", DEFAULT_EXPIRE_SECONDS, Buffer.alloc(0))),
      "empty userbuf",
    );
  });
});

describe("validateUserId", () => {
  it("accepts 1-32 printable ASCII characters without spaces", () => {
    for (const ok of ["a", "27149", "user_name-1", "a@b.c", "!~", "x".repeat(32)])
      assert.equal(validateUserId(ok), null, ok);
  });
  it("explains what is wrong", () => {
    assert.match(validateUserId("")!, /empty/);
    assert.match(validateUserId(" a")!, /space at position 1/);
    assert.match(validateUserId("é")!, /non-ASCII/);
    assert.match(validateUserId("a\u0000")!, /control character at position 2/);
    assert.match(validateUserId("x".repeat(33))!, /33 bytes.*at most 32/);
    assert.match(validateUserId(42)!, /must be a string/);
    assert.match(validateUserId(undefined)!, /must be a string/);
  });
});
