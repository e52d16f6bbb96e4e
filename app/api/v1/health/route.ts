import { databaseReachable } from "@/lib/data/health";
import { startBackgroundJobs } from "@/lib/jobs";

// Readiness for load balancers and process managers: 200 {"ok":true} while
// the database answers, else 503. It also starts this process's background
// jobs (lib/jobs.ts), which lib/server-preload.cjs triggers by requesting it
// once as the server starts listening. (GET /api/health stays a trivial
// liveness answer: the API benchmark's baseline.)
export async function GET() {
  startBackgroundJobs();
  const ok = await databaseReachable();
  return Response.json(ok ? { ok: true } : { ok: false, error: "The database is not reachable." }, {
    status: ok ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
