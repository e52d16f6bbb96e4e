import "server-only";
import { GENERIC_ERROR_MESSAGE } from "@/lib/errors";

// The two API families' answers, never cached: /api/v1's JSON bodies, errors
// as {"error":{"code","message","fix"}} with the SPEC 4 code and a matching
// HTTP status; /v4's Tencent envelope, always HTTP 200. An Answer is what Tessera's server sends
// (lib/server): a status, headers and a JSON body, with no framework in it.

export const NO_STORE = { "Cache-Control": "no-store" } as const;

export type Answer = { status: number; headers?: Record<string, string>; body: unknown };

/** What an unexpected failure answers under /api/v1 and on the console's side of the server: nothing of its cause. */
export const INTERNAL_ERROR: Answer = {
  status: 500,
  headers: NO_STORE,
  body: { error: { code: 500, message: GENERIC_ERROR_MESSAGE } },
};

const STATUS: Record<number, number> = {
  70001: 401,
  70009: 401,
  70016: 401,
  70052: 401,
  70020: 404,
  70107: 404,
  70050: 429,
  70051: 403,
  70403: 403,
};

export function statusForCode(code: number): number {
  return STATUS[code] ?? 400;
}

export function apiError(code: number, message: string, fix?: string, headers?: Record<string, string>): Answer {
  return { status: statusForCode(code), headers, body: { error: { code, message, ...(fix && { fix }) } } };
}

export function rateLimited(retryAfter: number): Answer {
  return apiError(70050, "Too many failed attempts.", `Retry after ${retryAfter} seconds.`, {
    "Retry-After": String(retryAfter),
  });
}

/** A refused API call, answered with its SPEC code, the matching status, a fix and, when throttled, Retry-After. */
export class ApiRefusal extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly fix?: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  answer(): Answer {
    return this.retryAfter !== undefined && this.code === 70050
      ? rateLimited(this.retryAfter)
      : apiError(this.code, this.message, this.fix);
  }
}

/** The REST envelope (SPEC 6): ActionStatus, ErrorCode, ErrorInfo and RequestId, plus the command's fields. */
export function restEnvelope(
  requestId: string,
  code: number,
  info: string,
  fields: Record<string, unknown> = {},
): Answer {
  return {
    status: 200,
    headers: NO_STORE,
    body: {
      ActionStatus: code === 0 ? "OK" : "FAIL",
      ErrorCode: code,
      ErrorInfo: info,
      RequestId: requestId,
      ...fields,
    },
  };
}
