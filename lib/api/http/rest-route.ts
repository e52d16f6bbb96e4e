import "server-only";
import { AppError, GENERIC_ERROR_MESSAGE } from "@/lib/errors";
import { authenticateAppAdmin, type AdminIdentity } from "@/lib/api/auth/app-admin";
import { parseJson, tooLargeMessage } from "@/lib/api/http/body";
import { MAX_BODY_BYTES } from "@/lib/validations/limits";
import { type Answer, restEnvelope } from "@/lib/api/http/responses";
import { takeRestCall } from "@/lib/api/http/rest-rate-limit";
import { findRestCommand, RestFailure } from "@/lib/api/services/rest-commands";
import { env } from "@/lib/env";
import { auditRejected } from "@/lib/data/rejections";
import { firstIssue } from "@/lib/validations/api";
import { type RawRequest } from "@/lib/server/route";
import { logFailure } from "@/lib/log";
import { countThrottled, metrics } from "@/lib/metrics/registry";

// The Tencent-compatible server REST API (SPEC 6). Every answered request is
// HTTP 200 with ActionStatus/ErrorCode/ErrorInfo/RequestId plus the command's
// fields; a client written for Tencent's API works by changing the host.
// This is the envelope: query checks, app-admin authentication, the rate
// limit, the JSON body and error mapping; the commands are
// lib/api/services/rest-commands.ts. The body's size is capped by the server
// while it is read (MAX_BODY_BYTES.rest; past it, restEnvelope's 60008).

/** Answers a /v4 call, counted by command (known ones only, so a label never holds what a caller made up) and ErrorCode. */
export async function runRest(request: RawRequest): Promise<Answer> {
  const reply = await answerRest(request);
  const { service = "", command = "" } = request.params;
  const code = (reply.body as { ErrorCode: number }).ErrorCode;
  metrics.restCalls.inc({ command: findRestCommand(service, command) ? `${service}/${command}` : "unknown", code });
  if (code === 60007) countThrottled("rest");
  return reply;
}

async function answerRest(request: RawRequest): Promise<Answer> {
  const { requestId, ip, query: params } = request;
  const { service = "", command: name = "" } = request.params;
  const rejectCall = async (code: number, info: string, identity?: AdminIdentity) => {
    await auditRejected({
      actor: identity?.actor ?? { type: "anonymous", id: (params.get("identifier") ?? "").slice(0, 64), ip },
      action: "rest.reject",
      sdkAppId: identity?.sdkAppId ?? null,
      target: `${service}/${name}`.slice(0, 100),
      code,
      details: { reason: info, requestId },
    });
    return restEnvelope(requestId, code, info);
  };
  try {
    if (request.method !== "POST")
      return await rejectCall(
        60008,
        `REST commands are called with POST and a JSON body (at least {}), not ${request.method}.`,
      );
    const contentType = params.get("contenttype");
    if (contentType !== null && contentType !== "json") return await rejectCall(60002, 'contenttype must be "json".');
    const random = params.get("random");
    if (random === null || !/^[0-9]{1,10}$/.test(random) || Number(random) > 0xffffffff) {
      return await rejectCall(60002, "The random query parameter is missing or not a 32-bit unsigned integer.");
    }
    const handler = findRestCommand(service, name);
    if (!handler) return await rejectCall(60009, `Unknown command ${service}/${name}.`.slice(0, 200));

    const identity = await authenticateAppAdmin(params, ip, "rest");
    if (!identity.ok) return restEnvelope(requestId, identity.restCode, `${identity.message} ${identity.fix}`);
    if (!(await takeRestCall(identity.sdkAppId))) {
      return await rejectCall(
        60007,
        `Too many REST calls for application ${identity.sdkAppId}: at most ${env().TESSERA_REST_RATE_LIMIT} per second. Retry after a short wait.`,
        identity,
      );
    }

    if (request.bodyTooLarge) return await rejectCall(60008, tooLargeMessage(MAX_BODY_BYTES.rest), identity);
    const body = parseJson(request.text);
    if (!body.ok) return await rejectCall(60003, body.message, identity);
    if (typeof body.value !== "object" || body.value === null || Array.isArray(body.value))
      return await rejectCall(60003, "The request body must be a JSON object.", identity);
    const parsed = handler.schema.safeParse(body.value);
    if (!parsed.success) return await rejectCall(70402, `Invalid parameters: ${firstIssue(parsed.error)}`, identity);
    try {
      return restEnvelope(requestId, 0, "", await handler.run(identity, parsed.data));
    } catch (error) {
      if (error instanceof RestFailure || error instanceof AppError)
        return await rejectCall(error.code, error.message, identity);
      throw error;
    }
  } catch (error) {
    logFailure("REST request failed", error, requestId);
    // Tencent's code for an internal error: the caller may retry.
    return restEnvelope(requestId, 70500, GENERIC_ERROR_MESSAGE);
  }
}
