import "server-only";
import { hostname } from "node:os";
import { db } from "@/lib/db";
import { logFailure } from "@/lib/log";
import { Prisma, runWrites, sqlDate } from "@/lib/data/sql";

// Each server process says it is alive every HEARTBEAT_MS (a row of
// ServerProcess), so the System page can show what serves this database:
// which hosts, full or API-only, how many workers, which build. A process
// that stops leaves its row, which ages out of the page's last minute and is
// deleted a day later by any other process's heartbeat.

export const HEARTBEAT_MS = 15_000;
export const SEEN_WITHIN_MS = 60_000;
const FORGET_AFTER_MS = 86_400_000;

export type ServerProcessDto = {
  host: string;
  pid: number;
  role: "full" | "api-only";
  workers: number;
  version: string;
  startedAt: Date;
  seenAt: Date;
};

export type ThisProcess = Omit<ServerProcessDto, "host" | "pid" | "seenAt">;

const startedAt = new Date();
const processId = `${hostname()}:${process.pid}:${startedAt.getTime()}`;

/**
 * One hand-written statement pair rather than Prisma's upsert: that runs as a
 * transaction on the SQLite connection the login path shares
 * (lib/data/sql.ts), which would make every login wait for it.
 */
export async function beat(me: ThisProcess, now = new Date()): Promise<void> {
  await runWrites([
    Prisma.sql`INSERT INTO "ServerProcess" ("id", "host", "pid", "role", "workers", "version", "startedAt", "seenAt")
      VALUES (${processId}, ${hostname()}, ${process.pid}, ${me.role}, ${me.workers}, ${me.version}, ${sqlDate(me.startedAt)}, ${sqlDate(now)})
      ON CONFLICT ("id") DO UPDATE SET "seenAt" = ${sqlDate(now)}`,
  ]);
  await runWrites([
    Prisma.sql`DELETE FROM "ServerProcess" WHERE "seenAt" < ${sqlDate(new Date(now.getTime() - FORGET_AFTER_MS))}`,
  ]);
}

/** This process leaves: its row goes at once rather than ageing out. */
export async function leave(): Promise<void> {
  await runWrites([Prisma.sql`DELETE FROM "ServerProcess" WHERE "id" = ${processId}`]);
}

export async function recentProcesses(now = new Date()): Promise<ServerProcessDto[]> {
  const rows = await db().serverProcess.findMany({
    where: { seenAt: { gte: new Date(now.getTime() - SEEN_WITHIN_MS) } },
    orderBy: [{ host: "asc" }, { pid: "asc" }],
  });
  return rows.map(({ host, pid, role, workers, version, startedAt, seenAt }) => ({
    host,
    pid,
    role: role === "api-only" ? "api-only" : "full",
    workers,
    version,
    startedAt,
    seenAt,
  }));
}

type Heartbeat = { timer: NodeJS.Timeout; running?: Promise<void> };
const globalForHeartbeat = globalThis as unknown as { tesseraHeartbeat?: Heartbeat };

/** Beats now and every HEARTBEAT_MS; a failed beat is logged and the next one tries again. */
export function startHeartbeat(me: ThisProcess): void {
  if (globalForHeartbeat.tesseraHeartbeat) return;
  const run = () => {
    heartbeat.running ??= beat(me)
      .catch((error: unknown) => logFailure("heartbeat failed", error))
      .finally(() => (heartbeat.running = undefined));
  };
  const heartbeat: Heartbeat = { timer: setInterval(run, HEARTBEAT_MS).unref() };
  globalForHeartbeat.tesseraHeartbeat = heartbeat;
  run();
}

export async function stopHeartbeat(): Promise<void> {
  const heartbeat = globalForHeartbeat.tesseraHeartbeat;
  if (!heartbeat) return;
  clearInterval(heartbeat.timer);
  globalForHeartbeat.tesseraHeartbeat = undefined;
  await heartbeat.running;
  await leave().catch((error: unknown) => logFailure("removing the heartbeat failed", error));
}
