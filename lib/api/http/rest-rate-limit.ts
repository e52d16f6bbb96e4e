import "server-only";
import { countRestCall } from "@/lib/data/rest-calls";
import { env } from "@/lib/env";

// REST calls per application and second (SPEC 6, 60007), counted after the
// caller is authenticated, so nobody can spend another app's budget with
// calls that fail anyway. Two checks, cheapest first:
// - this process's token bucket (burst `limit`, then `limit` per second), so
//   a flood from one client is refused in memory and never reaches the
//   database;
// - the count shared by every server process (lib/data/rest-calls.ts): at
//   most `limit` calls per app in each wall-clock second, however many
//   processes answer them.
// It sits under http/ beside rest-route.ts because it is a gate every /v4
// request passes before any command runs, not part of what a command does.

const buckets = new Map<number, { tokens: number; at: number }>();
const MAX_BUCKETS = 10_000;

/** Takes one call from this process's bucket for the app; false when it is empty. */
function takeLocally(sdkAppId: number, limit: number, nowMs = performance.now()): boolean {
  let bucket = buckets.get(sdkAppId);
  if (!bucket) {
    if (buckets.size >= MAX_BUCKETS) buckets.clear();
    bucket = { tokens: limit, at: nowMs };
    buckets.set(sdkAppId, bucket);
  }
  bucket.tokens = Math.min(limit, bucket.tokens + ((nowMs - bucket.at) / 1000) * limit);
  bucket.at = nowMs;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

/** Takes one call from the app's budget; false when this process's or the shared budget is spent. */
export async function takeRestCall(sdkAppId: number): Promise<boolean> {
  const limit = env().TESSERA_REST_RATE_LIMIT;
  if (limit === 0) return true;
  if (!takeLocally(sdkAppId, limit)) return false;
  return (await countRestCall(sdkAppId)) <= limit;
}
