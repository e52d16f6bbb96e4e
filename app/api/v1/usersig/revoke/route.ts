import { apiError, json, rateLimited } from "@/lib/api/http/responses";
import { v1Route } from "@/lib/api/http/v1-route";
import { authenticateAppAdmin } from "@/lib/api/auth/app-admin";
import { readJsonBody } from "@/lib/api/http/body";
import { clientIp } from "@/lib/client-ip";
import { auditRejected } from "@/lib/data/rejections";
import { revokeTickets } from "@/lib/data/revocations";
import { MAX_BODY_BYTES } from "@/lib/validations/limits";
import { firstIssue, revokeRequestSchema } from "@/lib/validations/api";

// The App Server revokes UserSigs of its app, authenticated as an app admin
// like /api/v1/usersig (?sdkappid=&identifier=&usersig=). Each UserSig is
// answered on its own, in order.
export const POST = v1Route(async (request: Request) => {
  const ip = clientIp(request.headers.get("x-forwarded-for"));
  const identity = await authenticateAppAdmin(new URL(request.url).searchParams, ip, "v1");
  if (!identity.ok)
    return identity.retryAfter
      ? rateLimited(identity.retryAfter)
      : apiError(identity.code, identity.message, identity.fix);
  const reject = async (message: string, fix?: string) => {
    await auditRejected({
      actor: identity.actor,
      action: "usersig.revoke",
      sdkAppId: identity.sdkAppId,
      code: 70402,
      details: { reason: message },
    });
    return apiError(70402, message, fix);
  };
  const body = await readJsonBody(request, MAX_BODY_BYTES.revoke);
  if (!body.ok) return reject(body.message);
  const parsed = revokeRequestSchema.safeParse(body.value);
  if (!parsed.success)
    return reject(
      `Invalid request: ${firstIssue(parsed.error)}`,
      'Send {"userSigs": ["...", ...]} with 1 to 100 UserSigs.',
    );
  const outcomes = await revokeTickets(identity.actor, identity.sdkAppId, parsed.data.userSigs);
  return json({
    sdkAppId: identity.sdkAppId,
    results: outcomes.map((o) =>
      o.ok
        ? {
            index: o.index,
            ok: true,
            code: 0,
            message: o.alreadyRevoked ? "Already revoked." : "Revoked.",
            userId: o.userId,
            expiresAt: o.expiresAt,
            sessionsEnded: o.sessionsEnded,
          }
        : { index: o.index, ok: false, code: o.code, message: o.message },
    ),
  });
});
