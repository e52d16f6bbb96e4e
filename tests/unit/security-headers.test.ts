// The header values every server sends (lib/security-headers.ts, issue 19, 2).
// The module imports nothing (a lint rule keeps it so), so Tessera's own HTTP
// server can send the same headers outside Next.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { isHttpsUrl, newNonce, securityHeaders } from "@/lib/security-headers";

const policy = (headers: Record<string, string>) =>
  new Map(
    headers["content-security-policy"]!.split("; ").map((directive) => {
      const [name, ...values] = directive.split(" ");
      return [name!, values];
    }),
  );

describe("security headers", () => {
  test("a page's policy allows only its nonce's scripts, and no framing, plugins or <base>", () => {
    const csp = policy(securityHeaders({ https: false, nonce: "abc123" }));
    assert.deepEqual(csp.get("script-src"), ["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    assert.deepEqual(csp.get("frame-ancestors"), ["'none'"]);
    assert.deepEqual(csp.get("object-src"), ["'none'"]);
    assert.deepEqual(csp.get("base-uri"), ["'none'"]);
    assert.ok(!csp.has("upgrade-insecure-requests"));
  });

  test("the one style attribute a page may carry is React's display:none for streamed SVG", () => {
    const styles = policy(securityHeaders({ https: false, nonce: "n" })).get("style-src")!;
    const hashes = styles.filter((source) => source.startsWith("'sha256-"));
    const displayNone = `'sha256-${createHash("sha256").update("display:none").digest("base64")}'`;
    assert.deepEqual(hashes, [displayNone]);
    assert.ok(!styles.includes("'unsafe-inline'"));
  });

  test("anything that is not a page may load nothing; every response refuses framing and sniffing", () => {
    const headers = securityHeaders({ https: false });
    assert.equal(
      headers["content-security-policy"],
      "default-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    assert.equal(headers["x-frame-options"], "DENY");
    assert.equal(headers["x-content-type-options"], "nosniff");
    assert.equal(headers["referrer-policy"], "same-origin");
    assert.match(headers["permissions-policy"]!, /^accelerometer=\(\), .*camera=\(\), .*usb=\(\)$/);
    assert.equal(headers["strict-transport-security"], undefined);
  });

  test("over HTTPS every response carries HSTS and pages upgrade insecure requests", () => {
    assert.equal(securityHeaders({ https: true })["strict-transport-security"], "max-age=31536000");
    assert.ok(policy(securityHeaders({ https: true, nonce: "n" })).has("upgrade-insecure-requests"));
    assert.equal(isHttpsUrl("https://console.example.com"), true);
    assert.equal(isHttpsUrl("http://console.example.com"), false);
    assert.equal(isHttpsUrl(undefined), false);
  });

  test("nonces are 128 random bits, new every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    assert.equal(nonces.size, 100);
    for (const nonce of nonces) assert.equal(Buffer.from(nonce, "base64").length, 16);
  });
});
