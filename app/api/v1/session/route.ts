import { json } from "@/lib/api/http/responses";
import { withSession } from "@/lib/api/http/v1-route";

export const GET = withSession(async (_request, session) =>
  json({
    sdkAppId: session.sdkAppId,
    userId: session.userId,
    createdAt: session.createdAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
  }),
);
