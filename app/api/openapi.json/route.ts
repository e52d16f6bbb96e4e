import { openApiDocument } from "@/lib/api/openapi";
import { NO_STORE } from "@/lib/api/v1";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(openApiDocument(), { headers: NO_STORE });
}
