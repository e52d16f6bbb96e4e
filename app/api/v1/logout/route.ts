import { json } from "@/lib/api/http/responses";
import { withSession } from "@/lib/api/http/v1-route";
import { clientIp } from "@/lib/client-ip";
import { endSession } from "@/lib/data/sessions";

export const POST = withSession(async (request, session, token) => {
  await endSession({ type: "user", id: session.userId, ip: clientIp(request.headers.get("x-forwarded-for")) }, token);
  return json({ ok: true });
});
