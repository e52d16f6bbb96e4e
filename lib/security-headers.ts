// The security headers of every response. Tessera's server
// (lib/server/http-server.ts) sets them on every request it answers, its own
// routes' and Next's alike, before anything else sees the response. Plain
// TypeScript with no imports.
//
// Pages get a Content-Security-Policy whose scripts must carry the request's
// nonce (Next adds it to its own scripts when it finds the nonce in the
// request's Content-Security-Policy header); with 'strict-dynamic' the
// scripts those load are trusted too, and nothing else runs. Everything
// else (JSON, CSV, static files) may load and run nothing at all. Nothing
// may frame any response, so no other site can overlay the signed-in console
// to steer a click on "Show key".

export type SecurityHeaderOptions = {
  /** Served over HTTPS (NEXTAUTH_URL is https://): browsers are told to use nothing else (HSTS). */
  https: boolean;
  /** An HTML page's script nonce, fresh for every request (newNonce); absent for anything that is not a page. */
  nonce?: string;
};

// React streams a late part of an <svg> (the overview's charts) inside
// <svg aria-hidden="true" style="display:none">, and of <math> likewise, until
// it moves it into place: that exact style attribute, and no other, may apply.
const REACT_HIDDEN_SEGMENT_STYLE = "'sha256-aqNNdDLnnrDOnTNdkJpYlAxKVJtLt9CtFLklmInuUAE='"; // display:none

/** The policy of a page: its own styles and images, and only the scripts the nonce vouches for. */
function pagePolicy(nonce: string, https: boolean): string[] {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}' 'unsafe-hashes' ${REACT_HIDDEN_SEGMENT_STYLE}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
}

/** The policy of anything else: opened on its own in a browser, it loads and runs nothing. */
const RESOURCE_POLICY = [
  "default-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/** Powerful features the console never uses, turned off for it and anything it could embed. */
const DISABLED_FEATURES = [
  "accelerometer",
  "bluetooth",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "hid",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "serial",
  "usb",
];

/** One year; without includeSubDomains, since other hosts under the console's name are not Tessera's to decide. */
const HSTS = "max-age=31536000";

/** The headers to send with a response (lower-case names). */
export function securityHeaders({ https, nonce }: SecurityHeaderOptions): Record<string, string> {
  return {
    "content-security-policy": (nonce === undefined ? RESOURCE_POLICY : pagePolicy(nonce, https)).join("; "),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    // Stricter than strict-origin-when-cross-origin: other sites learn nothing
    // (console URLs name applications and UserIDs), while same-origin
    // requests keep their Origin, which key reveal and server actions check.
    "referrer-policy": "same-origin",
    "permissions-policy": DISABLED_FEATURES.map((feature) => `${feature}=()`).join(", "),
    "cross-origin-opener-policy": "same-origin",
    ...(https && { "strict-transport-security": HSTS }),
  };
}

/** A fresh script nonce: 128 random bits, base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * Whether a request for `path` opens a page, whose scripts need a nonce: not
 * the API, built assets or the files in public/, and not a prefetch (a
 * payload, not a document).
 */
export function opensPage(path: string, headers: Record<string, string | string[] | undefined>): boolean {
  return (
    !/^\/(api\/|v4\/|_next\/static\/|_next\/image|favicon\.ico|icon\.svg|icon-\d+\.png|apple-touch-icon\.png)/.test(
      path,
    ) &&
    headers["next-router-prefetch"] === undefined &&
    headers["purpose"] !== "prefetch"
  );
}

/** Whether the console's public URL (NEXTAUTH_URL) is served over HTTPS. */
export function isHttpsUrl(url: string | undefined): boolean {
  return url?.startsWith("https://") ?? false;
}
