import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { MAX_SERVER_ACTION_BYTES } from "./lib/validations/limits";

const nextConfig: NextConfig = {
  // Parallel builds (tests, benchmarks) each get their own output folder.
  distDir: process.env.TESSERA_DIST_DIR || ".next",
  poweredByHeader: false,
  // Native and Node-only packages stay out of the server bundle; prom-client so
  // that pages and actions count into the registry the server exposes.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "pg",
    "@prisma/adapter-pg",
    "prom-client",
    "undici",
  ],
  typescript: { ignoreBuildErrors: false },
  // Next's own default, stated where every other limit is (lib/validations/limits.ts).
  experimental: { serverActions: { bodySizeLimit: MAX_SERVER_ACTION_BYTES } },
};

// next-intl without i18n routing: the request's language is chosen there, URLs stay as they are.
const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

export default withNextIntl(nextConfig);
