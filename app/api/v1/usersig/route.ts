import { apiError, json, rateLimited } from "@/lib/api/http/responses";
import { v1Route } from "@/lib/api/http/v1-route";
import { authenticateAppAdmin } from "@/lib/api/auth/app-admin";
import { readJsonBody } from "@/lib/api/http/body";
import { clientIp } from "@/lib/client-ip";
import { issueForAppServer } from "@/lib/api/services/usersig-issue";
import { auditRejected } from "@/lib/data/rejections";
import { AppError } from "@/lib/errors";
import { MAX_BODY_BYTES } from "@/lib/validations/limits";
import { firstIssue, usersigRequestSchema } from "@/lib/validations/api";

// The App Server authenticates as an app admin with the REST API's query
// parameters: ?sdkappid=&identifier=&usersig=.
export const POST = v1Route(async (request: Request) => {
  const ip = clientIp(request.headers.get("x-forwarded-for"));
  const identity = await authenticateAppAdmin(new URL(request.url).searchParams, ip, "v1");
  if (!identity.ok)
    return identity.retryAfter
      ? rateLimited(identity.retryAfter)
      : apiError(identity.code, identity.message, identity.fix);
  const reject = async (code: number, message: string, fix?: string) => {
    await auditRejected({
      actor: identity.actor,
      action: "usersig.reject",
      sdkAppId: identity.sdkAppId,
      code,
      details: { reason: message },
    });
    return apiError(code, message, fix);
  };
  const body = await readJsonBody(request, MAX_BODY_BYTES.usersig);
  if (!body.ok) return reject(70402, body.message);
  const parsed = usersigRequestSchema.safeParse(body.value);
  if (!parsed.success)
    return reject(
      70402,
      `Invalid request: ${firstIssue(parsed.error)}`,
      'Send {"userIds": [...], "expire"?: seconds, "privateMapKey"?: {"room", "privileges", "expire"?}}.',
    );
  try {
    return json(await issueForAppServer(identity, parsed.data));
  } catch (error) {
    if (error instanceof AppError) return reject(error.code, error.message);
    throw error;
  }
});
