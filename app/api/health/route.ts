import { readJsonBody } from "@/lib/api/http/body";
import { MAX_BODY_BYTES } from "@/lib/validations/limits";

// Liveness for process managers and the test harness; also the trivial
// route the API load test uses as its baseline.
export function GET() {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}

// The same answer after reading and parsing a JSON body of at most a login's
// size: the API load test's floor for a POST, i.e. what any JSON route pays
// in Next.js before doing its own work.
export async function POST(request: Request) {
  const body = await readJsonBody(request, MAX_BODY_BYTES.login);
  return Response.json({ ok: body.ok }, { status: body.ok ? 200 : 400, headers: { "Cache-Control": "no-store" } });
}
