import "server-only";
import { z } from "zod";
import { parseNetworks } from "@/lib/callbacks/address-policy";
import { DEFAULT_DATABASE_URL, databaseKind } from "@/lib/database-url";
import { DEFAULT_CLOCK_SKEW_SECONDS } from "@/lib/usersig/constants";

// The one place that reads process.env. Parsed once; a bad value stops the
// server at its first request with a message that says what to fix.

/** A whole number within [min, max], with one message for every way to miss it. */
const wholeNumber = (message: string, min: number, max: number, fallback: number) =>
  z.coerce.number({ error: message }).int(message).min(min, message).max(max, message).default(fallback);

const schema = z.object({
  DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
  TESSERA_MASTER_KEY: z
    .string({
      error:
        "TESSERA_MASTER_KEY is not set: it encrypts the apps' secret keys. Run `npm run quickstart` once, or set it to 64 hex characters (openssl rand -hex 32).",
    })
    .regex(
      /^[0-9a-f]{64}$/i,
      "TESSERA_MASTER_KEY must be 64 hex characters (32 bytes); generate one with `openssl rand -hex 32`.",
    ),
  // Master keys TESSERA_MASTER_KEY replaced: they still decrypt what they
  // encrypted until `npm run keys:rewrap` moves it to the current key.
  TESSERA_PREVIOUS_MASTER_KEYS: z
    .string()
    .default("")
    .transform((list) =>
      list
        .split(",")
        .map((key) => key.trim())
        .filter(Boolean),
    )
    .refine(
      (keys) => keys.every((key) => /^[0-9a-f]{64}$/i.test(key)),
      "TESSERA_PREVIOUS_MASTER_KEYS must be a comma-separated list of the master keys TESSERA_MASTER_KEY replaced, 64 hex characters each.",
    ),
  NEXTAUTH_SECRET: z
    .string({
      error:
        "NEXTAUTH_SECRET is not set: it signs console sessions. Run `npm run quickstart` once, or set it to a long random string.",
    })
    .min(32, "NEXTAUTH_SECRET must be at least 32 characters."),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // The console's public URL (next-auth reads it too); https:// makes session cookies Secure.
  NEXTAUTH_URL: z.string().optional(),
  // How many reverse proxies in front append to X-Forwarded-For; the client is
  // the entry that many places left of the socket's address (lib/client-ip.ts).
  TESSERA_TRUSTED_PROXY_HOPS: wholeNumber(
    "TESSERA_TRUSTED_PROXY_HOPS must be the number of reverse proxies in front of Tessera (0 to 10).",
    0,
    10,
    0,
  ),
  // The old switch trusted the left-most entry, which any client can write.
  TESSERA_TRUST_PROXY: z
    .undefined({
      error:
        "TESSERA_TRUST_PROXY was replaced by TESSERA_TRUSTED_PROXY_HOPS: set that to the number of proxies in front (1 for one proxy).",
    })
    .optional(),
  // REST calls per second per application, counted across every server
  // process through the database (Tencent's default frequency limit); 0 turns
  // the limit off.
  TESSERA_REST_RATE_LIMIT: wholeNumber(
    "TESSERA_REST_RATE_LIMIT must be a whole number of calls per second (0 for no limit).",
    0,
    Number.MAX_SAFE_INTEGER,
    200,
  ),
  // Minutes without a request after which a console session ends (beside the 12-hour cap).
  TESSERA_CONSOLE_IDLE_MINUTES: wholeNumber(
    "TESSERA_CONSOLE_IDLE_MINUTES must be a whole number of minutes (1 to 720).",
    1,
    720,
    30,
  ),
  // Seconds during which identical rejections from one client share audit rows (lib/data/rejections.ts).
  TESSERA_AUDIT_REPEAT_WINDOW: wholeNumber(
    "TESSERA_AUDIT_REPEAT_WINDOW must be a whole number of seconds (1 to 3600).",
    1,
    3600,
    60,
  ),
  // Seconds a UserSig's TLS.time may be ahead of this server's clock before it
  // is refused (70005). It is also how long a kick can miss a ticket dated
  // after it (lib/data/ticket-check.ts), so keep it small.
  TESSERA_CLOCK_SKEW_SECONDS: wholeNumber(
    "TESSERA_CLOCK_SKEW_SECONDS must be a whole number of seconds (0 to 3600).",
    0,
    3600,
    DEFAULT_CLOCK_SKEW_SECONDS,
  ),
  // The port and address the server listens on (npm start -p / -H override them).
  PORT: wholeNumber("PORT must be a TCP port number (1 to 65535).", 1, 65535, 3000),
  // Unset: every interface, IPv6 and IPv4 where the system has both.
  TESSERA_HOST: z.string().min(1).optional(),
  // Worker processes sharing the port (node:cluster); everything they share goes through the database.
  TESSERA_WORKERS: wholeNumber("TESSERA_WORKERS must be a whole number of worker processes (1 to 64).", 1, 64, 1),
  // An API-only node serves the machine routes without loading Next (npm run serve -- --api-only does the same).
  TESSERA_API_ONLY: z
    .enum(["0", "1", "false", "true"], {
      error: "TESSERA_API_ONLY must be 1 or true (an API-only node), or 0 or false.",
    })
    .default("0")
    .transform((value) => value === "1" || value === "true"),
  // Seconds a stopping server gives the requests in flight before it closes their connections.
  TESSERA_SHUTDOWN_SECONDS: wholeNumber(
    "TESSERA_SHUTDOWN_SECONDS must be a whole number of seconds (1 to 300).",
    1,
    300,
    10,
  ),
  // Requests a process lets into next-auth (/api/auth/*) per second from clients
  // no operator signed in from recently (lib/server/sign-in-guard.ts).
  TESSERA_SIGN_IN_RATE: wholeNumber(
    "TESSERA_SIGN_IN_RATE must be a whole number of requests per second (1 to 10000).",
    1,
    10_000,
    20,
  ),
  // Internal networks state callbacks may reach (lib/callbacks/address-policy.ts):
  // CIDR networks or single addresses, separated by commas or spaces. Empty
  // (the default): callbacks go only to public addresses.
  TESSERA_CALLBACK_ALLOWED_NETWORKS: z
    .string()
    .default("")
    .transform((text, ctx) => {
      const parsed = parseNetworks(text.split(/[\s,]+/).filter(Boolean));
      if ("networks" in parsed) return parsed.networks;
      ctx.addIssue({
        code: "custom",
        message: `TESSERA_CALLBACK_ALLOWED_NETWORKS: "${parsed.invalid}" is not a network. List CIDR networks or addresses separated by commas, such as 10.20.0.0/16,fd12:3456::/48,192.168.1.7.`,
      });
      return z.NEVER;
    }),
  // Single sign-on's issuer must be https, so the provider's metadata, keys and
  // tokens cannot be read or changed on the way; 1 also allows http, for a
  // provider on the same machine in development and tests only.
  TESSERA_SSO_ALLOW_HTTP_ISSUER: z
    .enum(["0", "1", "false", "true"], {
      error: "TESSERA_SSO_ALLOW_HTTP_ISSUER must be 1 or true (an http:// issuer is allowed), or 0 or false.",
    })
    .default("0")
    .transform((value) => value === "1" || value === "true"),
  // The Prometheus endpoint's own port (GET /metrics), off when unset; see "Running in production".
  TESSERA_METRICS_PORT: z.coerce
    .number({ error: "TESSERA_METRICS_PORT must be a TCP port number (1 to 65535), or unset for no metrics." })
    .int("TESSERA_METRICS_PORT must be a TCP port number (1 to 65535), or unset for no metrics.")
    .min(1, "TESSERA_METRICS_PORT must be a TCP port number (1 to 65535), or unset for no metrics.")
    .max(65535, "TESSERA_METRICS_PORT must be a TCP port number (1 to 65535), or unset for no metrics.")
    .optional(),
  // Loopback by default: the metrics name applications and volumes, which are nobody else's business.
  TESSERA_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  TESSERA_LOG_LEVEL: z
    .enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"], {
      error: "TESSERA_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent.",
    })
    .default("info"),
  // The folder the console's build is in (next.config.ts reads it too); the System page shows its build id.
  TESSERA_DIST_DIR: z
    .string()
    .default("")
    .transform((dir) => dir || ".next"),
});

export type Env = z.infer<typeof schema>;

let parsed: Env | undefined;

/** Parses an environment (process.env, or a test's); throws one message that lists every problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.message}`);
    throw new Error(`Tessera cannot start, its environment is invalid:\n${lines.join("\n")}`);
  }
  return result.data;
}

export function env(): Env {
  return (parsed ??= parseEnv(process.env));
}

export function databaseUrl(): { url: string; kind: ReturnType<typeof databaseKind> } {
  const url = env().DATABASE_URL;
  return { url, kind: databaseKind(url) };
}
