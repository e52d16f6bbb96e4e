import "server-only";
import { db, type Tx } from "@/lib/db";
import { ConflictError, ValidationError } from "@/lib/errors";
import { type Actor, recordAudit } from "@/lib/data/audit";

export const BUILT_IN_ADMIN = "administrator";
export const MAX_APP_ADMINS = 10;

/** Whether the identifier is an app admin. (An App Server's calls learn it in the batched read of lib/data/login-state.ts.) */
export async function isAppAdmin(sdkAppId: number, identifier: string): Promise<boolean> {
  const admin = await db().appAdmin.findUnique({
    where: { sdkAppId_identifier: { sdkAppId, identifier } },
    select: { sdkAppId: true },
  });
  return admin !== null;
}

export async function listAdmins(
  sdkAppId: number,
): Promise<{ identifier: string; builtIn: boolean; createdAt: Date }[]> {
  const rows = await db().appAdmin.findMany({ where: { sdkAppId }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({
    identifier: row.identifier,
    builtIn: row.identifier === BUILT_IN_ADMIN,
    createdAt: row.createdAt,
  }));
}

/** Adds an app admin (importing its account if needed). The caller validates the identifier. */
export async function addAdmin(actor: Actor, sdkAppId: number, identifier: string): Promise<void> {
  await db().$transaction(async (tx: Tx) => {
    const count = await tx.appAdmin.count({ where: { sdkAppId } });
    if (await tx.appAdmin.findUnique({ where: { sdkAppId_identifier: { sdkAppId, identifier } } })) {
      throw new ConflictError(`"${identifier}" is already an app admin.`);
    }
    if (count >= MAX_APP_ADMINS) {
      throw new ValidationError(
        `An application has at most ${MAX_APP_ADMINS} app admins; remove one before adding "${identifier}".`,
      );
    }
    await tx.account.upsert({
      where: { sdkAppId_userId: { sdkAppId, userId: identifier } },
      create: { sdkAppId, userId: identifier },
      update: {},
    });
    await tx.appAdmin.create({ data: { sdkAppId, identifier } });
    await recordAudit({ actor, action: "admin.add", sdkAppId, target: identifier }, tx);
  });
}

export async function removeAdmin(actor: Actor, sdkAppId: number, identifier: string): Promise<void> {
  if (identifier === BUILT_IN_ADMIN)
    throw new ValidationError(`"${BUILT_IN_ADMIN}" is built in and is always an app admin.`);
  await db().$transaction(async (tx: Tx) => {
    const { count } = await tx.appAdmin.deleteMany({ where: { sdkAppId, identifier } });
    if (count === 0) throw new ConflictError(`"${identifier}" is not an app admin.`);
    await recordAudit({ actor, action: "admin.remove", sdkAppId, target: identifier }, tx);
  });
}
