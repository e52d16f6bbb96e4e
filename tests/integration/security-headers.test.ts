// Every response carries the security headers (issue 19, 2): nothing may
// frame the console (a sibling subdomain could otherwise overlay it and steer
// a click on "Show key"), pages run only the scripts their nonce vouches for,
// and HSTS is sent once the console's public URL is https.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startServer, type TestServer } from "../support/server";
import { BASE, call, type Reply } from "./api-helpers";

let https: TestServer;

before(async () => {
  https = await startServer({
    databaseUrl: process.env.DATABASE_URL,
    distDir: process.env.TESSERA_DIST_DIR,
    env: { NEXTAUTH_URL: "https://console.tessera.test" },
  });
});

after(async () => {
  await https.stop();
});

/** The CSP's directives by name. */
function directives(reply: Reply): Map<string, string[]> {
  const policy = reply.headers.get("content-security-policy");
  assert.ok(policy, `no Content-Security-Policy: HTTP ${reply.status}`);
  return new Map(
    policy.split(";").map((directive) => {
      const [name, ...values] = directive.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

function assertSecurityHeaders(what: string, reply: Reply): void {
  const csp = directives(reply);
  assert.deepEqual(csp.get("frame-ancestors"), ["'none'"], what);
  assert.deepEqual(csp.get("object-src"), ["'none'"], what);
  assert.deepEqual(csp.get("base-uri"), ["'none'"], what);
  assert.equal(reply.headers.get("x-frame-options"), "DENY", what);
  assert.equal(reply.headers.get("x-content-type-options"), "nosniff", what);
  assert.ok(
    ["strict-origin-when-cross-origin", "same-origin", "strict-origin", "no-referrer"].includes(
      reply.headers.get("referrer-policy") ?? "",
    ),
    `${what}: Referrer-Policy ${reply.headers.get("referrer-policy")}`,
  );
  assert.match(reply.headers.get("permissions-policy") ?? "", /camera=\(\)/, what);
}

const scriptTags = (html: string) => html.match(/<script\b[^>]*>/g) ?? [];

describe("security headers", () => {
  test("every kind of response carries them: pages, redirects, 404s, API, REST, next-auth, console routes, files", async () => {
    const page = await call("/sign-in");
    const asset = /\/_next\/static\/[^"]+\.js/.exec(page.text)?.[0];
    assert.ok(asset, "the sign-in page loads a built script");
    const replies: [string, Reply][] = [
      ["a page", page],
      ["a redirect", await call("/")],
      ["a page that does not exist", await call("/no-such-page")],
      ["an API route", await call("/api/v1/time")],
      ["the REST API", await call("/v4/im_open_login_svc/account_check", { body: {} })],
      ["next-auth", await call("/api/auth/csrf")],
      ["a console route handler", await call("/apps/1/keys/1/reveal", { raw: "{}" })],
      ["a built script", await call(asset)],
      ["a file from public/", await call("/icon.svg")],
    ];
    for (const [what, reply] of replies) {
      assert.ok(reply.status < 500, `${what}: HTTP ${reply.status}`);
      assertSecurityHeaders(what, reply);
      assert.equal(reply.headers.get("strict-transport-security"), null, `${what}: no HSTS over plain HTTP`);
    }
    // What is not a page may load and run nothing at all.
    assert.deepEqual(directives(replies[3]![1]).get("default-src"), ["'none'"]);
  });

  test("a page runs only scripts carrying this response's nonce; the nonce is new every time", async () => {
    const [first, second] = [await call("/sign-in"), await call("/sign-in")];
    const nonces = [first, second].map((reply) => {
      const scripts = directives(reply).get("script-src")!;
      assert.ok(!scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'"), scripts.join(" "));
      assert.ok(scripts.includes("'strict-dynamic'"));
      const nonce = scripts.find((source) => source.startsWith("'nonce-"))?.slice(7, -1);
      assert.ok(nonce && nonce.length >= 22, scripts.join(" "));
      const tags = scriptTags(reply.text);
      assert.ok(tags.length > 0);
      for (const tag of tags) assert.ok(tag.includes(`nonce="${nonce}"`), `a script without the nonce: ${tag}`);
      return nonce;
    });
    assert.notEqual(nonces[0], nonces[1]);
  });

  test("with an https:// NEXTAUTH_URL pages carry HSTS and upgrade insecure requests", async () => {
    const page = await call("/sign-in", { base: https.baseUrl });
    assert.equal(page.status, 200);
    assertSecurityHeaders("a page over https", page);
    assert.match(page.headers.get("strict-transport-security") ?? "", /^max-age=\d{8,}/);
    assert.ok(directives(page).has("upgrade-insecure-requests"));
    assert.ok(!directives(await call("/sign-in", { base: BASE })).has("upgrade-insecure-requests"));
  });
});
