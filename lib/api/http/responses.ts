import "server-only";

// The /api/v1 family's answers: JSON bodies, errors as
// {"error":{"code","message","fix"}} with the SPEC 4 code and a matching HTTP
// status. Never cached.

export const NO_STORE = { "Cache-Control": "no-store" } as const;

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

export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return Response.json(body, { status: init.status ?? 200, headers: { ...NO_STORE, ...init.headers } });
}

export function apiError(code: number, message: string, fix?: string, headers?: Record<string, string>): Response {
  return json({ error: { code, message, ...(fix && { fix }) } }, { status: statusForCode(code), headers });
}

export function rateLimited(retryAfter: number): Response {
  return apiError(70050, "Too many failed attempts.", `Retry after ${retryAfter} seconds.`, {
    "Retry-After": String(retryAfter),
  });
}
