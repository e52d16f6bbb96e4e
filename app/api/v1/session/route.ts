import { json, withSession } from "@/lib/api/v1";

export const GET = withSession(async (_request, session) =>
  json({
    sdkAppId: session.sdkAppId,
    userId: session.userId,
    createdAt: session.createdAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
  }),
);
