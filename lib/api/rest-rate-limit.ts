import "server-only";
import { env } from "@/lib/env";

// REST calls per application, as a token bucket: an app may burst up to
// `limit` calls, then `limit` per second. Kept in memory, so the limit holds
// per server process; over it, calls are answered 60007 (SPEC 6). Counted
// after the caller is authenticated, so nobody can spend another app's budget
// with calls that fail anyway.

const buckets = new Map<number, { tokens: number; at: number }>();
const MAX_BUCKETS = 10_000;

/** Takes one call from the app's budget; false when the budget is spent. */
export function takeRestCall(sdkAppId: number, nowMs = performance.now()): boolean {
  const limit = env().TESSERA_REST_RATE_LIMIT;
  if (limit === 0) return true;
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
