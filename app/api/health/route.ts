// Liveness for process managers and the test harness; also the trivial
// route the API load test uses as its baseline.
export function GET() {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
