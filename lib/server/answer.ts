import "server-only";
import { authenticateAppAdmin } from "@/lib/api/auth/app-admin";
import { authenticateSession } from "@/lib/api/auth/session";
import { type BodyResult, parseJson, tooLargeMessage } from "@/lib/api/http/body";
import {
  type Answer,
  ApiRefusal,
  apiError,
  INTERNAL_ERROR,
  NO_STORE,
  rateLimited,
  statusForCode,
} from "@/lib/api/http/responses";
import { auditRejected } from "@/lib/data/rejections";
import { AppError, RateLimitError } from "@/lib/errors";
import { logFailure } from "@/lib/log";
import { firstIssue } from "@/lib/validations/api";
import { type MachineRoute, type RawRequest, Reply, type V1Route } from "@/lib/server/route";

// Runs a route of the table for one request, with no framework in sight:
// authenticates the caller as the route's access says, parses and validates
// its body, calls the handler and turns what it returns or throws into an
// Answer. Expected errors answer with their code and message; anything else
// with a generic 500, logged by name and request id only.

export async function answer(route: MachineRoute, request: RawRequest): Promise<Answer> {
  if (route.family === "rest") return route.handle(request);
  try {
    const result = await runV1(route, request);
    if (result instanceof Reply) return { status: result.status, headers: NO_STORE, body: result.body };
    return { status: 200, headers: NO_STORE, body: result };
  } catch (error) {
    if (error instanceof ApiRefusal) return error.answer();
    if (error instanceof RateLimitError) return rateLimited(error.retryAfterSeconds);
    if (error instanceof AppError) return apiError(error.code, error.message);
    logFailure("api/v1 request failed", error, request.requestId);
    return INTERNAL_ERROR;
  }
}

async function runV1(route: V1Route, request: RawRequest): Promise<unknown> {
  const caller: Parameters<V1Route["handle"]>[0]["caller"] = { ip: request.ip, requestId: request.requestId };
  if (route.access === "app-user session") {
    const auth = await authenticateSession(request.authorization ?? null);
    if (!auth.ok) {
      const { code, message, fix } = auth;
      // An unknown token is answered 401, like an expired one, although its code (70402) is otherwise a 400.
      return new Reply(auth.problem === "unknown" ? 401 : statusForCode(code), { error: { code, message, fix } });
    }
    caller.session = auth.session;
    caller.token = auth.token;
  } else if (route.access === "app-admin UserSig") {
    const identity = await authenticateAppAdmin(request.query, request.ip, "v1");
    if (!identity.ok) throw new ApiRefusal(identity.code, identity.message, identity.fix, identity.retryAfter);
    caller.admin = identity;
  }
  let body: unknown;
  if (route.body) {
    const spec = route.body;
    const json: BodyResult = request.bodyTooLarge
      ? { ok: false, problem: "too-large", message: tooLargeMessage(spec.maxBytes) }
      : parseJson(request.text);
    const parsed = json.ok ? spec.schema.safeParse(json.value) : null;
    if (!parsed?.success) {
      const message = !json.ok ? json.message : `Invalid request: ${firstIssue(parsed!.error)}`;
      const { admin } = caller;
      await auditRejected({
        actor: admin?.actor ?? { type: "anonymous", id: "", ip: request.ip },
        action: spec.rejectAction,
        ...(admin && { sdkAppId: admin.sdkAppId }),
        code: 70402,
        details: { reason: message },
      });
      throw new ApiRefusal(70402, message, spec.fix);
    }
    body = parsed.data;
  }
  return route.handle({ caller, body, query: request.query });
}
