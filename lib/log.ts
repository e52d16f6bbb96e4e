import "server-only";
import pino from "pino";
import { countDatabaseError } from "@/lib/metrics/registry";
import { readableLine } from "@/lib/log-readable";

// The process's logger: JSON lines on stdout (pino), which Tessera's server
// also hands to Fastify; one line per request (lib/server/request-log.ts)
// and the jobs' events. Errors are logged by name and code with the request
// id, never with their message or values: a database error can echo the
// statement's arguments, and those can be UserSigs, tokens or keys. Fields
// that hold secrets are redacted by name wherever they sit (to four levels
// deep), so an object logged by mistake still shows none of them.

const SECRET_FIELDS = [
  "userSig",
  "usersig",
  "UserSig",
  "userSigs",
  "privateMapKey",
  "ticket",
  "tickets",
  "token",
  "tokens",
  "sessionToken",
  "accessToken",
  "refreshToken",
  "password",
  "currentPassword",
  "newPassword",
  "confirmPassword",
  "passwordHash",
  "secret",
  "secretKey",
  "key",
  "keys",
  "masterKey",
  "ciphertext",
  "tokenCiphertext",
  "callbackToken",
  "Sign",
  "sign",
  "authorization",
  "cookie",
];

const SECRETS = new Set(SECRET_FIELDS);

/**
 * The object with every field named as a secret, to four levels deep (an
 * array counts as one),
 * replaced; the same object when it holds none (the usual case). Done here
 * rather than with pino's wildcard redaction paths, which cost about 50 µs a
 * line (measured), a fifth of a login.
 */
export function redacted<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== "object") return value;
  let copy: Record<string, unknown> | undefined;
  const fields = value as Record<string, unknown>;
  for (const key in fields) {
    const field = fields[key];
    const clean = SECRETS.has(key) ? "[redacted]" : depth < 3 ? redacted(field, depth + 1) : field;
    if (clean !== field)
      (copy ??= (Array.isArray(value) ? [...value] : { ...fields }) as Record<string, unknown>)[key] = clean;
  }
  return (copy ?? value) as T;
}

/** Where lines go: stdout as JSON, or (npm run dev) as readable text. */
let write = (line: string) => process.stdout.write(line);

export const log = pino(
  {
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { log: (object) => redacted(object) },
  },
  { write: (line: string) => write(line) },
);

/** Set once the environment is read (lib/server/main.ts): TESSERA_LOG_LEVEL, and readable lines in development. */
export function configureLog(options: { level: pino.LevelWithSilent; readable: boolean }): void {
  log.level = options.level;
  if (options.readable) write = (line) => process.stdout.write(readableLine(line));
}

/** What may be logged of an error: its class and code, nothing it carries. */
export function errorSummary(error: unknown): { name: string; code?: string | number } {
  if (!(error instanceof Error)) return { name: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    ...((typeof code === "string" || typeof code === "number") && { code: String(code).slice(0, 40) }),
  };
}

/** A failure that is retried later (a job's turn, a group commit): a warning, counted if the database's. */
export function logRetriedFailure(job: string, what: string, error: unknown): void {
  const err = errorSummary(error);
  countDatabaseError(err.name);
  log.warn({ job, err }, what);
}

export function logFailure(what: string, error: unknown, requestId?: string): void {
  const err = errorSummary(error);
  countDatabaseError(err.name);
  log.error({ err, ...(requestId && { requestId }) }, what);
}
