import { openApiDocument } from "@/lib/api/openapi";
import { NO_STORE } from "@/lib/api/v1";

export function GET() {
  return Response.json(openApiDocument(), { headers: NO_STORE });
}
