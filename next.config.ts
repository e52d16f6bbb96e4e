import type { NextConfig } from "next";
import { MAX_SERVER_ACTION_BYTES } from "./lib/validations/limits";
import { isHttpsUrl, securityHeaders } from "./lib/security-headers";

const nextConfig: NextConfig = {
  // Parallel builds (tests, benchmarks) each get their own output folder.
  distDir: process.env.TESSERA_DIST_DIR || ".next",
  poweredByHeader: false,
  // Native and Node-only packages stay out of the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg"],
  typescript: { ignoreBuildErrors: false },
  // Next's own default, stated where every other limit is (lib/validations/limits.ts).
  experimental: { serverActions: { bodySizeLimit: MAX_SERVER_ACTION_BYTES } },
  // Every response's security headers, as for anything that is not a page;
  // proxy.ts replaces them on pages with the page's, nonce included. Next
  // reads this at build time, so HSTS follows the build's NEXTAUTH_URL here
  // (harmless either way: browsers ignore HSTS over plain HTTP, and pages
  // decide it per request).
  async headers() {
    const headers = securityHeaders({ https: isHttpsUrl(process.env.NEXTAUTH_URL) });
    return [{ source: "/:path*", headers: Object.entries(headers).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
