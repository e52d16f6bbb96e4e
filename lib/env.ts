import "server-only";
import { z } from "zod";
import { DEFAULT_DATABASE_URL, databaseKind } from "@/prisma/database-url";

// The one place that reads process.env. Parsed once; a bad value stops the
// server at its first request with a message that says what to fix.

const schema = z.object({
  DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
  TESSERA_MASTER_KEY: z
    .string({ error: "TESSERA_MASTER_KEY is not set: it encrypts the apps' secret keys. Run `npm run quickstart` once, or set it to 64 hex characters (openssl rand -hex 32)." })
    .regex(/^[0-9a-f]{64}$/i, "TESSERA_MASTER_KEY must be 64 hex characters (32 bytes); generate one with `openssl rand -hex 32`."),
  NEXTAUTH_SECRET: z
    .string({ error: "NEXTAUTH_SECRET is not set: it signs console sessions. Run `npm run quickstart` once, or set it to a long random string." })
    .min(32, "NEXTAUTH_SECRET must be at least 32 characters."),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Trust X-Forwarded-For only when a reverse proxy that sets it is in front.
  TESSERA_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  // REST calls per second per application and server process (Tencent's
  // default frequency limit); 0 turns the limit off.
  TESSERA_REST_RATE_LIMIT: z.coerce
    .number({ error: "TESSERA_REST_RATE_LIMIT must be a whole number of calls per second (0 for no limit)." })
    .int("TESSERA_REST_RATE_LIMIT must be a whole number of calls per second (0 for no limit).")
    .min(0, "TESSERA_REST_RATE_LIMIT must be a whole number of calls per second (0 for no limit).")
    .default(200),
});

export type Env = z.infer<typeof schema>;

let parsed: Env | undefined;

export function env(): Env {
  if (parsed) return parsed;
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.message}`);
    throw new Error(`Tessera cannot start, its environment is invalid:\n${lines.join("\n")}`);
  }
  parsed = result.data;
  return parsed;
}

export function databaseUrl(): { url: string; kind: ReturnType<typeof databaseKind> } {
  const url = env().DATABASE_URL;
  return { url, kind: databaseKind(url) };
}
