import "server-only";

// Coalesces concurrent calls into one call of `run` (group commit). One
// batch runs at a time; calls made meanwhile queue up and go together in the
// next. Under load, concurrent logins then share a database round trip (and a
// write transaction) instead of queueing one by one behind the database; a
// lone call waits only for the next turn of the event loop.
//
// A batch that fails is run again one member at a time, so a request the
// database refuses fails alone and never takes its neighbours down with it.
export function batched<K, V>(run: (keys: K[]) => Promise<V[]>): (key: K) => Promise<V> {
  type Item = { key: K; resolve: (value: V) => void; reject: (error: unknown) => void };
  let pending: Item[] = [];
  let running = false;
  const settle = async (batch: Item[]) => {
    try {
      const values = await run(batch.map((item) => item.key));
      batch.forEach((item, i) => item.resolve(values[i]!));
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(error);
      else for (const item of batch) await settle([item]);
    }
  };
  const flush = async () => {
    running = true;
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      await settle(batch);
    }
    running = false;
  };
  return (key) =>
    new Promise<V>((resolve, reject) => {
      pending.push({ key, resolve, reject });
      if (pending.length === 1 && !running) setImmediate(flush);
    });
}
