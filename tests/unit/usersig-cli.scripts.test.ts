import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { decodeUserSig, genUserSig, verifyUserSig } from "@/lib/usersig";
import { inflateTicket, KEY, NOW, OTHER_KEY, SDK_APP_ID } from "./usersig-support";

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "lib/usersig/cli.ts", ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const common = [`--sdkappid=${SDK_APP_ID}`, `--key=${KEY}`];

function assertUsageError(r: ReturnType<typeof cli>, pattern: RegExp) {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, pattern);
  assert.equal(r.stderr.trim().split("\n").length, 1, "one line, no stack trace");
  assert.doesNotMatch(r.stderr, /\bat .*\.ts:\d+/);
}

describe("usersig CLI", () => {
  it("gen prints the UserSig alone, same JSON as the library, and accepts a UserID starting with -", () => {
    const r = cli("gen", ...common, "--userid=-dash", "--expire=600", `--time=${NOW}`);
    assert.equal(r.code, 0, r.stderr);
    const ticket = r.stdout.trim();
    assert.equal(r.stdout, `${ticket}\n`);
    assert.equal(
      inflateTicket(ticket),
      inflateTicket(genUserSig({ sdkAppId: SDK_APP_ID, key: KEY, userId: "-dash", expire: 600, now: NOW })),
    );
  });

  it("gen --userbuf embeds the userbuf", () => {
    const r = cli("gen", ...common, "--userid=u", `--time=${NOW}`, "--userbuf=aGVsbG8=");
    const d = decodeUserSig(r.stdout.trim());
    assert.ok(d.ok && d.value.userBuf === "aGVsbG8=");
  });

  it("privatemapkey takes a number or privilege names", () => {
    const byNames = cli(
      "privatemapkey",
      ...common,
      "--userid=u",
      "--room-str=r1",
      "--privileges=enterRoom,receiveAudio,receiveVideo",
      "--expire=300",
      `--time=${NOW}`,
    );
    const byNumber = cli(
      "privatemapkey",
      ...common,
      "--userid=u",
      "--room-str=r1",
      "--privileges=42",
      "--expire=300",
      `--time=${NOW}`,
    );
    assert.equal(byNames.code, 0, byNames.stderr);
    assert.equal(inflateTicket(byNames.stdout.trim()), inflateTicket(byNumber.stdout.trim()));
    const numeric = cli("privatemapkey", ...common, "--userid=u", "--room=1234", "--privileges=255", `--time=${NOW}`);
    assert.ok(
      verifyUserSig({ ticket: numeric.stdout.trim(), sdkAppId: SDK_APP_ID, userId: "u", keys: [KEY], now: NOW }).ok,
    );
  });

  it("verify prints one JSON line and exits 0 when accepted, 1 when rejected", () => {
    const ticket = genUserSig({ sdkAppId: SDK_APP_ID, key: KEY, userId: "xiaojun", expire: 60, now: NOW });
    const ok = cli("verify", ...common, "--userid=xiaojun", `--usersig=${ticket}`, `--now=${NOW}`);
    assert.equal(ok.code, 0);
    const okLine = JSON.parse(ok.stdout);
    assert.deepEqual([okLine.ok, okLine.code], [true, 0]);
    assert.equal(ok.stdout.trim().split("\n").length, 1);
    const expired = cli("verify", ...common, "--userid=xiaojun", `--usersig=${ticket}`, `--now=${NOW + 61}`);
    assert.equal(expired.code, 1);
    assert.deepEqual(Object.keys(JSON.parse(expired.stdout)), ["ok", "code", "reason"]);
    assert.equal(JSON.parse(expired.stdout).code, 70001);
    const wrongKey = cli(
      "verify",
      `--sdkappid=${SDK_APP_ID}`,
      `--key=${OTHER_KEY}`,
      "--userid=xiaojun",
      `--usersig=${ticket}`,
      `--now=${NOW}`,
    );
    assert.equal(wrongKey.code, 1);
    assert.equal(JSON.parse(wrongKey.stdout).code, 70009);
    // Dated 301 seconds ahead of --now: refused with the default clock skew (300 s), accepted with --clock-skew=301.
    const ahead = cli("verify", ...common, "--userid=xiaojun", `--usersig=${ticket}`, `--now=${NOW - 301}`);
    assert.equal(ahead.code, 1);
    assert.deepEqual(
      [JSON.parse(ahead.stdout).code, /301 seconds in the future/.test(JSON.parse(ahead.stdout).reason)],
      [70005, true],
    );
    assert.equal(
      cli("verify", ...common, "--userid=xiaojun", `--usersig=${ticket}`, `--now=${NOW - 301}`, "--clock-skew=301")
        .code,
      0,
    );
  });

  it("decode prints the fields as JSON, exit 1 for a malformed ticket", () => {
    const ticket = genUserSig({ sdkAppId: SDK_APP_ID, key: KEY, userId: "xiaojun", now: NOW });
    const r = cli("decode", `--usersig=${ticket}`);
    assert.equal(r.code, 0);
    assert.equal(JSON.parse(r.stdout).identifier, "xiaojun");
    const bad = cli("decode", "--usersig=abc");
    assert.equal(bad.code, 1);
    assert.equal(JSON.parse(bad.stdout).code, 70003);
  });

  it("--help documents every command and option", () => {
    const r = cli("--help");
    assert.equal(r.code, 0);
    for (const word of [
      "gen",
      "privatemapkey",
      "verify",
      "decode",
      "--room-str",
      "--userbuf",
      "--now",
      "--clock-skew",
      "Exit codes",
    ])
      assert.match(r.stdout, new RegExp(word));
    const sub = cli("verify", "--help");
    assert.equal(sub.code, 0);
    assert.match(sub.stdout, /--usersig=SIG/);
  });

  it("usage errors and bad values: one line on stderr, exit 2", () => {
    assertUsageError(cli(), /no command/);
    assertUsageError(cli("sign"), /unknown command/);
    assertUsageError(cli("gen", ...common, "--userid=u", "--bogus=1"), /unknown option "--bogus"/);
    assertUsageError(cli("gen", ...common, "--userid", "u"), /--userid needs a value/);
    assertUsageError(cli("gen", ...common), /--userid=… is required/);
    assertUsageError(cli("gen", ...common, "--userid=u", "--userid=v"), /given twice/);
    assertUsageError(cli("gen", "--sdkappid=abc", `--key=${KEY}`, "--userid=u"), /whole number/);
    assertUsageError(cli("gen", ...common, "--userid=a b"), /space/);
    assertUsageError(cli("gen", ...common, "--userid=u", "--expire=0"), /Validity/);
    assertUsageError(cli("gen", ...common, "--userid=u", "--userbuf=%%%"), /base64/);
    assertUsageError(
      cli("privatemapkey", ...common, "--userid=u", "--room=1", "--room-str=x", "--privileges=1"),
      /exactly one/,
    );
    assertUsageError(
      cli("privatemapkey", ...common, "--userid=u", "--room=1", "--privileges=fly"),
      /Unknown privilege/,
    );
    assertUsageError(cli("verify", ...common, "--userid=u"), /--usersig=… is required/);
  });
});
