import "server-only";

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
export const MAX_BATCH = 256;

export function batched<K, V>(run: (keys: K[]) => Promise<V[]>): (key: K) => Promise<V> {
  type Item = { key: K; resolve: (value: V) => void; reject: (error: unknown) => void };
  const pending: Item[] = [];
  let running = false;
  const settle = async (batch: Item[]) => {
    try {
      const values = await run(batch.map((item) => item.key));
      batch.forEach((item, i) => item.resolve(values[i]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      console.error(
        `batched: a batch of ${batch.length} failed (${error instanceof Error ? error.message.slice(0, 200) : "unknown error"}); running its members one at a time`,
      );
      for (const item of batch) await settle([item]);
    }
  };
  const flush = async () => {
    running = true;
    while (pending.length > 0) await settle(pending.splice(0, MAX_BATCH));
    running = false;
  };
  return (key) =>
    new Promise<V>((resolve, reject) => {
      pending.push({ key, resolve, reject });
      if (pending.length === 1 && !running) setImmediate(flush);
    });
}
