// Writes a process holds in memory and must make before it exits (the audit
// coalescer's pending repeats). A module that holds such writes registers a
// drain; the server runs them all as it shuts down (lib/server/shutdown.ts).
// The registry is on globalThis because one server process loads two copies
// of lib modules: its own, and those in Next's server bundle.

type Drain = () => Promise<void>;
const globalForDrains = globalThis as unknown as { tesseraDrains?: Set<Drain> };

export function onDrain(drain: Drain): void {
  (globalForDrains.tesseraDrains ??= new Set()).add(drain);
}

/** Runs every registered drain, each once, and forgets them. */
export async function drainAll(): Promise<void> {
  const drains = [...(globalForDrains.tesseraDrains ?? [])];
  globalForDrains.tesseraDrains?.clear();
  for (const drain of drains) await drain();
}
