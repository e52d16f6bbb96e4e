import { apiError, json, rateLimited } from "@/lib/api/http/responses";
import { v1Route } from "@/lib/api/http/v1-route";
import { readJsonBody } from "@/lib/api/http/body";
import { clientIp } from "@/lib/client-ip";
import { login } from "@/lib/api/services/login";
import { auditRejected } from "@/lib/data/rejections";
import { MAX_BODY_BYTES } from "@/lib/validations/limits";
import { firstIssue, loginSchema } from "@/lib/validations/api";

export const POST = v1Route(async (request: Request) => {
  const ip = clientIp(request.headers.get("x-forwarded-for"));
  const body = await readJsonBody(request, MAX_BODY_BYTES.login);
  const parsed = body.ok ? loginSchema.safeParse(body.value) : null;
  if (!parsed?.success) {
    const message = !body.ok ? body.message : `Invalid request: ${firstIssue(parsed!.error)}`;
    await auditRejected({
      actor: { type: "anonymous", id: "", ip },
      action: "login.reject",
      code: 70402,
      details: { reason: message },
    });
    return apiError(70402, message, 'Send a JSON object {"sdkAppId": number, "userId": string, "userSig": string}.');
  }
  const result = await login({ ...parsed.data, ip });
  if (!result.ok)
    return result.code === 70050
      ? rateLimited(result.retryAfter ?? 60)
      : apiError(result.code, result.message, result.fix);
  return json({
    token: result.token,
    tokenType: "Bearer",
    expiresAt: result.expiresAt.toISOString(),
    expiresIn: Math.max(0, Math.floor((result.expiresAt.getTime() - Date.now()) / 1000)),
    sdkAppId: result.sdkAppId,
    userId: result.userId,
  });
});
