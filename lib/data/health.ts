import "server-only";
import { Prisma, queryRows } from "@/lib/data/sql";

const TIMEOUT_MS = 2000;

/** Whether the database answers a trivial query within TIMEOUT_MS. */
export async function databaseReachable(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), TIMEOUT_MS)));
  try {
    return await Promise.race([queryRows(Prisma.sql`SELECT 1 AS "ok"`).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
