import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Parallel builds (tests, benchmarks) each get their own output folder.
  distDir: process.env.TESSERA_DIST_DIR || ".next",
  poweredByHeader: false,
  // Native and Node-only packages stay out of the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg"],
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
