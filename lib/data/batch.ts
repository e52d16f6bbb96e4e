import "server-only";
import { logRetriedFailure } from "@/lib/log";
import { metrics } from "@/lib/metrics/registry";

// Coalesces concurrent calls into one call of `run` (group commit). One
// batch runs at a time; calls made meanwhile queue up and go together in the
// next. Under load, concurrent logins then share a database round trip (and a
// write transaction) instead of queueing one by one behind the database; a
// lone call waits only for the next turn of the event loop.
//
// A batch takes at most MAX_BATCH calls, so a burst (every client
// reconnecting after an outage, or a flood) makes several batches rather
// than one statement past the database's limit on bound parameters (SQLite
// 32,766; PostgreSQL 65,535, which the login write's one statement of about
// 40 parameters a login would pass at some 1,600 logins).
//
// A batch that fails is run again one member at a time, so a request the
// database refuses fails alone and never takes its neighbours down with it.
//
// `arrivals`, when given, counts the callers on their way (say, logins still
// verifying their UserSig): a batch waits up to GATHER_MS for them to arrive,
// so callers a moment apart share one commit (one fsync) instead of each
// paying for their own. A caller with no company waits not at all.
export const MAX_BATCH = 256;
export const GATHER_MS = 1;

export function batched<K, V>(
  run: (keys: K[]) => Promise<V[]>,
  options: { arrivals?: Arrivals } = {},
): (key: K) => Promise<V> {
  type Item = { key: K; resolve: (value: V) => void; reject: (error: unknown) => void };
  const pending: Item[] = [];
  let running = false;
  const settle = async (batch: Item[]) => {
    try {
      metrics.batchSize.observe(batch.length);
      const values = await run(batch.map((item) => item.key));
      batch.forEach((item, i) => item.resolve(values[i]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      logRetriedFailure("group commit", `a batch of ${batch.length} failed; running its members one at a time`, error);
      for (const item of batch) await settle([item]);
    }
  };
  const flush = async () => {
    running = true;
    while (pending.length > 0) {
      if (options.arrivals && pending.length < MAX_BATCH) await options.arrivals.settled(GATHER_MS);
      await settle(pending.splice(0, MAX_BATCH));
    }
    running = false;
  };
  return (key) =>
    new Promise<V>((resolve, reject) => {
      pending.push({ key, resolve, reject });
      if (pending.length === 1 && !running) setImmediate(flush);
    });
}

/** Callers on their way to a batch, which waits for them (see `batched`). */
export class Arrivals {
  private count = 0;
  private waiting: (() => void)[] = [];

  /** One more on its way; call the returned function when it has arrived or turned back (the first call counts). */
  expect(): () => void {
    this.count++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--this.count === 0) for (const wake of this.waiting.splice(0)) wake();
    };
  }

  /** Resolves once none is on its way, or after `ms`. */
  settled(ms: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiting.push(wake);
    });
  }
}
