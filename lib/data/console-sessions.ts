import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";

// Console sessions on the server side: the JWT cookie names one, and it
// lives only while it is used, so a console left open ends after the idle
// timeout even though its cookie would still be valid.

/** A write per request would be wasted; a minute's precision is enough for an idle timeout. */
const TOUCH_EVERY_MS = 60_000;
const KEEP_MS = 24 * 3600_000;

export async function startConsoleSession(operatorId: string, now = new Date()): Promise<string> {
  const id = randomBytes(18).toString("base64url");
  await db().$transaction([
    // Sessions idle for a day are dead whatever the settings; keep the table small.
    db().consoleSession.deleteMany({ where: { lastSeenAt: { lt: new Date(now.getTime() - KEEP_MS) } } }),
    db().consoleSession.create({ data: { id, operatorId, createdAt: now, lastSeenAt: now } }),
  ]);
  return id;
}

/** Whether the session is live: the operator's, not ended, used within `idleSeconds`. Touches it when it is. */
export async function touchConsoleSession(
  id: string,
  operatorId: string,
  idleSeconds: number,
  now = new Date(),
): Promise<boolean> {
  const row = await db().consoleSession.findUnique({ where: { id } });
  if (!row || row.operatorId !== operatorId || row.endedAt) return false;
  const idle = now.getTime() - row.lastSeenAt.getTime();
  if (idle > idleSeconds * 1000) return false;
  if (idle > TOUCH_EVERY_MS) await db().consoleSession.update({ where: { id }, data: { lastSeenAt: now } });
  return true;
}

export async function endConsoleSession(id: string, now = new Date()): Promise<void> {
  await db().consoleSession.updateMany({ where: { id, endedAt: null }, data: { endedAt: now } });
}
