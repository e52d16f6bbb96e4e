import "server-only";
import { type AuditInput, auditInsert } from "@/lib/data/audit";
import { runWrites } from "@/lib/data/sql";
import { onDrain } from "@/lib/drains";
import { env } from "@/lib/env";
import { logFailure } from "@/lib/log";

// Rejected requests are the one kind of audit row an anonymous client can
// make Tessera write at will. Identical rejections from one client (same
// actor, address, action, target, app, code and reason) within a window share rows:
// the first is written at once, its repeats as one row carrying their count
// and first and last time when the window closes. A flood therefore costs at
// most two rows per client and kind per window (TESSERA_AUDIT_REPEAT_WINDOW,
// default 60 s). Repeats still pending when the server stops are written as
// it shuts down (lib/drains.ts).

export type Rejected = Omit<AuditInput, "result" | "count" | "lastAt">;

type Repeats = { input: Rejected; count: number; firstAt: Date; lastAt: Date };
type Window = { endsAt: number; repeats: Repeats | null };

const windows = new Map<string, Window>();
// Distinct kinds an attacker can keep open at once; past it the oldest
// window closes early (its repeats are written), so memory stays bounded.
const MAX_OPEN_WINDOWS = 10_000;
let timer: NodeJS.Timeout | undefined;

const kindOf = (input: Rejected) =>
  JSON.stringify([
    input.actor.type,
    input.actor.id,
    input.actor.ip ?? "",
    input.action,
    input.target ?? "",
    input.sdkAppId ?? null,
    input.code ?? null,
    // The rejection's reason, where it gives one: an SSO sign-in refused for an unverified email is not the same as one refused for its domain.
    input.details?.reason ?? null,
  ]);

export async function auditRejected(input: Rejected): Promise<void> {
  const kind = kindOf(input);
  const now = Date.now();
  const open = windows.get(kind);
  if (open && open.endsAt > now) {
    const at = new Date(now);
    if (open.repeats) {
      open.repeats.count++;
      open.repeats.lastAt = at;
    } else open.repeats = { input, count: 1, firstAt: at, lastAt: at };
    return;
  }
  if (open) await closeWindows([[kind, open]]);
  windows.set(kind, { endsAt: now + env().TESSERA_AUDIT_REPEAT_WINDOW * 1000, repeats: null });
  if (windows.size > MAX_OPEN_WINDOWS) {
    const oldest = windows.entries().next().value!;
    await closeWindows([oldest]);
  }
  if (!timer) {
    timer = setInterval(
      () => void closeWindows([...windows].filter(([, window]) => window.endsAt <= Date.now())),
      1000,
    ).unref();
    onDrain(flushRejections);
  }
  await runWrites([auditInsert([{ at: new Date(now), input: { ...input, result: "rejected" } }])]);
}

/** Writes every pending repeat now, closing every window (the server calls it as it shuts down). */
export async function flushRejections(): Promise<void> {
  clearInterval(timer);
  timer = undefined;
  await closeWindows([...windows]);
}

/** Writes the repeats of these windows, one row each, and forgets them. */
async function closeWindows(closing: [string, Window][]): Promise<void> {
  const rows = closing.flatMap(([kind, window]) => {
    windows.delete(kind);
    const repeats = window.repeats;
    return repeats
      ? [
          {
            at: repeats.firstAt,
            input: { ...repeats.input, result: "rejected" as const, count: repeats.count, lastAt: repeats.lastAt },
          },
        ]
      : [];
  });
  try {
    // In slices, to stay under SQLite's limit on bound parameters.
    for (let i = 0; i < rows.length; i += 500) await runWrites([auditInsert(rows.slice(i, i + 500))]);
  } catch (error) {
    logFailure("audit: writing repeated rejections failed", error);
  }
}
