import "server-only";
import pino from "pino";

// The process's logger: JSON lines on stdout (pino), which Tessera's server
// also hands to Fastify. Errors are logged by name and code with the request
// id, never with their message or values: a database error can echo the
// statement's arguments, and those can be UserSigs, tokens or keys.

export const log = pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });

/** What may be logged of an error: its class and code, nothing it carries. */
export function errorSummary(error: unknown): { name: string; code?: string | number } {
  if (!(error instanceof Error)) return { name: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    ...((typeof code === "string" || typeof code === "number") && { code: String(code).slice(0, 40) }),
  };
}

export function logFailure(what: string, error: unknown, requestId?: string): void {
  log.error({ err: errorSummary(error), ...(requestId && { requestId }) }, what);
}
