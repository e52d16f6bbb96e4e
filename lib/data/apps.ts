import "server-only";
import { randomInt } from "node:crypto";
import { db } from "@/lib/db";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { type Actor, recordAudit } from "@/lib/data/audit";
import { createPrimaryKey } from "@/lib/data/keys";
import { BUILT_IN_ADMIN } from "@/lib/data/admins";
import { canExist } from "@/lib/validations/common";

export const SDKAPPID_RANGE = { min: 1_400_000_000, max: 1_499_999_999 } as const;

export type AppDto = {
  sdkAppId: number;
  name: string;
  status: "enabled" | "disabled";
  createdAt: Date;
  updatedAt: Date;
};

const toDto = (row: { sdkAppId: number; name: string; status: string; createdAt: Date; updatedAt: Date }): AppDto => ({
  sdkAppId: row.sdkAppId,
  name: row.name,
  status: row.status as AppDto["status"],
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export async function findApp(sdkAppId: number): Promise<AppDto | null> {
  if (!canExist(sdkAppId)) return null;
  const row = await db().application.findUnique({ where: { sdkAppId } });
  return row ? toDto(row) : null;
}

export async function getApp(sdkAppId: number): Promise<AppDto> {
  const app = await findApp(sdkAppId);
  if (!app) throw new NotFoundError(`Application ${sdkAppId} does not exist.`, 70020);
  return app;
}

/** The applications, newest first; `only` limits them to a scoped operator's. */
export async function listApps(only: number[] | null = null): Promise<(AppDto & { accountCount: number })[]> {
  const rows = await db().application.findMany({
    where: only ? { sdkAppId: { in: only } } : {},
    orderBy: { createdAt: "desc" },
  });
  return rows.map((row) => ({ ...toDto(row), accountCount: row.accountCount }));
}

/**
 * Creates an application with a random SDKAppID in Tencent's range, its
 * first secret key and the built-in `administrator` admin, in one transaction.
 * A scoped operator who creates one (`adminId`) becomes its admin.
 */
export async function createApp(actor: Actor, name: string, adminId?: string): Promise<AppDto> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const sdkAppId = randomInt(SDKAPPID_RANGE.min, SDKAPPID_RANGE.max + 1);
    if (await db().application.findUnique({ where: { sdkAppId }, select: { sdkAppId: true } })) continue;
    const app = await insertApp(actor, { sdkAppId, name, adminId }).catch((error: unknown) => {
      if (isTaken(error)) return null; // another request took the number first
      throw error;
    });
    if (app) return app;
  }
  throw new ConflictError("Could not allocate a free SDKAppID; please try again.");
}

export type ImportedApp = { sdkAppId: number; name: string; secretKey: string };

/**
 * Brings an application over from Tencent with its own SDKAppID and secret
 * key, so the App Server's code, its clients and the UserSigs already out
 * there keep working. The key becomes version 1, the primary.
 */
export async function importApp(actor: Actor, { sdkAppId, name, secretKey }: ImportedApp): Promise<AppDto> {
  const taken = () => new ConflictError(`SDKAppID ${sdkAppId} is already in use here.`, 70402);
  if (await db().application.findUnique({ where: { sdkAppId }, select: { sdkAppId: true } })) throw taken();
  return insertApp(actor, { sdkAppId, name, secretKey }).catch((error: unknown) => {
    throw isTaken(error) ? taken() : error;
  });
}

/** The application, its first key, the built-in `administrator` admin and the creator's membership, in one transaction. */
async function insertApp(
  actor: Actor,
  app: { sdkAppId: number; name: string; adminId?: string; secretKey?: string },
): Promise<AppDto> {
  const { sdkAppId, name, adminId, secretKey } = app;
  const row = await db().$transaction(async (tx) => {
    const created = await tx.application.create({ data: { sdkAppId, name } });
    await createPrimaryKey(tx, sdkAppId, 1, secretKey);
    await tx.account.create({ data: { sdkAppId, userId: BUILT_IN_ADMIN } });
    await tx.appAdmin.create({ data: { sdkAppId, identifier: BUILT_IN_ADMIN } });
    if (adminId) await tx.operatorMembership.create({ data: { operatorId: adminId, sdkAppId, role: "admin" } });
    await recordAudit(
      { actor, action: secretKey ? "app.import" : "app.create", sdkAppId, target: String(sdkAppId), details: { name } },
      tx,
    );
    return created;
  });
  return toDto(row);
}

/** Prisma's unique-constraint violation: two requests raced for one SDKAppID. */
const isTaken = (error: unknown) => (error as { code?: unknown } | null)?.code === "P2002";

export async function renameApp(actor: Actor, sdkAppId: number, name: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const row = await tx.application.findUnique({ where: { sdkAppId } });
    if (!row) throw new NotFoundError(`Application ${sdkAppId} does not exist.`, 70020);
    await tx.application.update({ where: { sdkAppId }, data: { name } });
    await recordAudit(
      { actor, action: "app.rename", sdkAppId, target: String(sdkAppId), details: { from: row.name, to: name } },
      tx,
    );
  });
}

export async function setAppStatus(actor: Actor, sdkAppId: number, status: AppDto["status"]): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.application.updateMany({ where: { sdkAppId }, data: { status } });
    if (count === 0) throw new NotFoundError(`Application ${sdkAppId} does not exist.`, 70020);
    await recordAudit(
      { actor, action: status === "enabled" ? "app.enable" : "app.disable", sdkAppId, target: String(sdkAppId) },
      tx,
    );
  });
}

/** Deletes a disabled application and, by cascade, all its keys, admins, accounts, tickets and sessions. The audit trail stays. */
export async function deleteApp(actor: Actor, sdkAppId: number, confirmName: string): Promise<void> {
  await db().$transaction(
    async (tx) => {
      const row = await tx.application.findUnique({ where: { sdkAppId } });
      if (!row) throw new NotFoundError(`Application ${sdkAppId} does not exist.`, 70020);
      if (row.status !== "disabled") throw new ConflictError("Disable the application before deleting it.");
      if (confirmName !== row.name)
        throw new ValidationError("The name you typed does not match the application's name.", {
          confirmName: "Type the application's name exactly.",
        });
      await tx.application.delete({ where: { sdkAppId } });
      await recordAudit(
        { actor, action: "app.delete", sdkAppId, target: String(sdkAppId), details: { name: row.name } },
        tx,
      );
    },
    { timeout: 120_000 },
  );
}
