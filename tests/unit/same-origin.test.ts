// Which requests count as the console's own (lib/auth/same-origin.ts), as the
// key-reveal route requires (issue 19, 4.6).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

const { crossOriginProblem } = await import("@/lib/auth/same-origin");

const direct = { trustedProxyHops: 0 };
const headers = (entries: Record<string, string>) =>
  new Headers({ host: "console.example.com", "content-type": "application/json", ...entries });

describe("same-origin requests", () => {
  test("a same-origin fetch with JSON passes, by Sec-Fetch-Site or, without it, by Origin", () => {
    assert.equal(crossOriginProblem(headers({ "sec-fetch-site": "same-origin" }), direct), null);
    assert.equal(crossOriginProblem(headers({ origin: "https://console.example.com" }), direct), null);
    const withCharset = headers({
      origin: "http://console.example.com",
      "content-type": "application/json; charset=utf-8",
    });
    assert.equal(crossOriginProblem(withCharset, direct), null);
  });

  test("another site, a sibling subdomain, a missing or null Origin, or a body that is not JSON are refused", () => {
    const refused: Record<string, string>[] = [
      { "sec-fetch-site": "cross-site", origin: "https://console.example.com" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "none" },
      {},
      { origin: "null" },
      { origin: "not a url" },
      { origin: "https://evil.example.com" },
      { origin: "https://console.example.com.evil.test" },
      { origin: "https://console.example.com:8443" },
      { "sec-fetch-site": "same-origin", "content-type": "text/plain" },
      { origin: "https://console.example.com", "content-type": "application/x-www-form-urlencoded" },
      { origin: "https://console.example.com", "content-type": "multipart/form-data; boundary=x" },
    ];
    for (const entries of refused) {
      assert.notEqual(crossOriginProblem(headers(entries), direct), null, JSON.stringify(entries));
    }
    const noContentType = headers({ "sec-fetch-site": "same-origin" });
    noContentType.delete("content-type");
    assert.match(crossOriginProblem(noContentType, direct)!, /not JSON/);
  });

  test("behind a trusted proxy the host is the one it forwards; a client's own X-Forwarded-Host counts for nothing without one", () => {
    const proxied = headers({
      host: "127.0.0.1:3000",
      "x-forwarded-host": "console.example.com",
      origin: "https://console.example.com",
    });
    assert.equal(crossOriginProblem(proxied, { trustedProxyHops: 1 }), null);
    assert.notEqual(crossOriginProblem(proxied, direct), null);
    const forged = headers({ "x-forwarded-host": "evil.example.com", origin: "https://evil.example.com" });
    assert.notEqual(crossOriginProblem(forged, direct), null);
  });

  test("the console's public URL (NEXTAUTH_URL) is its origin whatever Host arrives", () => {
    const rewritten = headers({ host: "127.0.0.1:3000", origin: "https://console.example.com" });
    assert.equal(
      crossOriginProblem(rewritten, { trustedProxyHops: 0, publicUrl: "https://console.example.com/" }),
      null,
    );
    assert.notEqual(
      crossOriginProblem(rewritten, { trustedProxyHops: 0, publicUrl: "https://other.example.com" }),
      null,
    );
  });
});
