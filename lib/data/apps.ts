import "server-only";
import { randomInt } from "node:crypto";
import { db } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { type Actor, writeAudit } from "@/lib/data/audit";
import { createPrimaryKey } from "@/lib/data/keys";
import { BUILT_IN_ADMIN } from "@/lib/data/admins";

export const SDKAPPID_RANGE = { min: 1_400_000_000, max: 1_499_999_999 } as const;

export type AppDto = { sdkAppId: number; name: string; status: "enabled" | "disabled"; createdAt: Date; updatedAt: Date };

const toDto = (row: { sdkAppId: number; name: string; status: string; createdAt: Date; updatedAt: Date }): AppDto => ({
  sdkAppId: row.sdkAppId,
  name: row.name,
  status: row.status as AppDto["status"],
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export async function findApp(sdkAppId: number): Promise<AppDto | null> {
  if (!Number.isSafeInteger(sdkAppId)) return null;
  const row = await db().application.findUnique({ where: { sdkAppId } });
  return row ? toDto(row) : null;
}

export async function getApp(sdkAppId: number): Promise<AppDto> {
  const app = await findApp(sdkAppId);
  if (!app) throw new NotFoundError(`Application ${sdkAppId} does not exist.`, 70020);
  return app;
}

export async function listApps(): Promise<(AppDto & { accountCount: number })[]> {
  const rows = await db().application.findMany({ orderBy: { createdAt: "desc" }, include: { _count: { select: { accounts: true } } } });
  return rows.map((row) => ({ ...toDto(row), accountCount: row._count.accounts }));
}

/**
 * Creates an application with a random SDKAppID in Tencent's range, its
 * first secret key and the built-in `administrator` admin, in one transaction.
 */
export async function createApp(actor: Actor, name: string): Promise<AppDto> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const sdkAppId = randomInt(SDKAPPID_RANGE.min, SDKAPPID_RANGE.max + 1);
    if (await db().application.findUnique({ where: { sdkAppId }, select: { sdkAppId: true } })) continue;
    const app = await db().$transaction(async (tx) => {
      const row = await tx.application.create({ data: { sdkAppId, name } });
      await createPrimaryKey(tx, sdkAppId, 1);
      await tx.account.create({ data: { sdkAppId, userId: BUILT_IN_ADMIN } });
      await tx.appAdmin.create({ data: { sdkAppId, identifier: BUILT_IN_ADMIN } });
      await writeAudit(tx, { actor, action: "app.create", sdkAppId, target: String(sdkAppId), details: { name } });
      return row;
    });
    return toDto(app);
  }
  throw new ConflictError("Could not allocate a free SDKAppID; please try again.");
}
