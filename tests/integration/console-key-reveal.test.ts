// The key-reveal route answers only the console's own keys page: a
// same-origin request (Sec-Fetch-Site, or an Origin naming this host) with a
// JSON body. Anything else is a 403, never a 500 (issue 19, 4.6). The owner
// signed in moments ago, so an accepted request needs no password.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { TEST_OWNER } from "../support/test-env";
import { BASE, call, consoleSignIn, db, newApp } from "./api-helpers";

let app: number;
let cookie: string;

before(async () => {
  app = await newApp("Key reveal");
  const signIn = await consoleSignIn(TEST_OWNER.email, TEST_OWNER.password);
  assert.ok(signIn.session, `sign-in failed: ${signIn.error}`);
  cookie = signIn.session;
});

const reveal = (headers: Record<string, string>) =>
  call(`/apps/${app}/keys/1/reveal`, { raw: "{}", headers: { cookie, ...headers } });

const reveals = () => db().auditEvent.count({ where: { sdkAppId: app, action: "key.reveal", result: "ok" } });

describe("key reveal", () => {
  test("a request that does not say it is same-origin, or is not JSON, is refused with 403 and no key", async () => {
    const origin = new URL(BASE).origin;
    const refused: [string, Record<string, string>][] = [
      ["no Origin and no Sec-Fetch-Site", {}],
      ["Origin: null", { origin: "null" }],
      ["a malformed Origin", { origin: "://" }],
      ["another origin", { origin: "https://evil.example" }],
      ["a sibling subdomain", { "sec-fetch-site": "same-site", origin: "https://evil.example" }],
      ["a cross-site request naming this origin", { "sec-fetch-site": "cross-site", origin }],
      ["a form post", { origin, "content-type": "application/x-www-form-urlencoded" }],
      ["a text/plain fetch", { "sec-fetch-site": "same-origin", "content-type": "text/plain;charset=UTF-8" }],
    ];
    for (const [what, headers] of refused) {
      const reply = await reveal(headers);
      assert.equal(reply.status, 403, `${what}: ${reply.text}`);
      assert.equal(reply.body.key, undefined, what);
      assert.match(reply.body.error, /Only the console's keys page can reveal keys/, what);
      assert.equal(reply.headers.get("cache-control"), "no-store, max-age=0");
    }
    assert.equal(await reveals(), 0);
  });

  test("the keys page's own request reveals the key: Sec-Fetch-Site same-origin, or an Origin naming this host", async () => {
    const accepted: Record<string, string>[] = [{ "sec-fetch-site": "same-origin" }, { origin: new URL(BASE).origin }];
    for (const headers of accepted) {
      const reply = await reveal(headers);
      assert.equal(reply.status, 200, reply.text);
      assert.match(reply.body.key, /^[0-9a-f]{64}$/);
    }
    assert.equal(await reveals(), 2);
  });
});
