import { openApiDocument } from "@/lib/api/docs/openapi";
import { NO_STORE } from "@/lib/api/http/responses";

export function GET() {
  return Response.json(openApiDocument(), { headers: NO_STORE });
}
