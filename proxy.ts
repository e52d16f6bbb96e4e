import { NextResponse, type NextRequest } from "next/server";
import { servedOverHttps } from "@/lib/auth/https";
import { newNonce, securityHeaders } from "@/lib/security-headers";

// Next looks for this file here and nowhere else. It only adds headers: every
// page gets its security headers with a fresh script nonce. Next reads the
// nonce from the request's Content-Security-Policy header and puts it on its
// own scripts, which is why pages are rendered per request (app/layout.tsx).
// Responses that are not pages get the same headers without a nonce from
// next.config.ts, and the routes Tessera's own server answers from it too.
export function proxy(request: NextRequest): NextResponse {
  const headers = securityHeaders({ nonce: newNonce(), https: servedOverHttps(request.headers) });
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", headers["content-security-policy"]!);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages: not the API, not built assets, not the files in public/.
      source:
        "/((?!api/|v4/|_next/static/|_next/image|favicon\\.ico|icon\\.svg|icon-\\d+\\.png|apple-touch-icon\\.png).*)",
      // A prefetch is a payload, not a document; it needs no nonce.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
