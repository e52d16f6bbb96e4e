import "server-only";
import { db, type Tx } from "@/lib/db";
import { decoyPasswordHash, hashPassword, verifyPassword } from "@/lib/auth/password";
import { type Actor, writeAudit } from "@/lib/data/audit";
import { clearFailures, recordFailure, retryAfterSeconds, type ThrottlePolicy } from "@/lib/data/throttle";
import { ConflictError, NotFoundError, RateLimitError, ValidationError } from "@/lib/errors";
import { ROLES, type Role } from "@/lib/auth/permissions";

export { ROLES, type Role };

export type OperatorDto = { id: string; email: string; name: string; role: Role; disabled: boolean; lastSignInAt: Date | null; createdAt: Date };

type OperatorRow = { id: string; email: string; name: string; role: string; disabled: boolean; lastSignInAt: Date | null; createdAt: Date };

const toDto = (row: OperatorRow): OperatorDto => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role as Role,
  disabled: row.disabled,
  lastSignInAt: row.lastSignInAt,
  createdAt: row.createdAt,
});

// Per account and per client: 5 failures in 15 minutes block that email (and
// 20 block that address) for 15 minutes, whether or not the email exists.
const PER_ACCOUNT: ThrottlePolicy = { limit: 5, windowSeconds: 900, blockSeconds: 900 };
const PER_CLIENT: ThrottlePolicy = { limit: 20, windowSeconds: 900, blockSeconds: 900 };

export async function countOperators(): Promise<number> {
  return db().operator.count();
}

export async function createOperator(actor: Actor, input: { email: string; name?: string; password: string; role: Role }): Promise<OperatorDto> {
  const passwordHash = await hashPassword(input.password);
  const email = input.email.trim().toLowerCase();
  return db().$transaction(async (tx) => {
    if (await tx.operator.findUnique({ where: { email }, select: { id: true } })) throw new ConflictError(`An operator with the email ${email} already exists.`);
    const row = await tx.operator.create({ data: { email, name: input.name ?? "", passwordHash, role: input.role } });
    await writeAudit(tx, { actor, action: "operator.create", target: row.email, details: { role: input.role } });
    return toDto(row);
  });
}

export async function listOperators(): Promise<OperatorDto[]> {
  const rows = await db().operator.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map(toDto);
}

export async function findOperatorForSession(id: string): Promise<(OperatorDto & { sessionVersion: number }) | null> {
  const row = await db().operator.findUnique({ where: { id } });
  return row ? { ...toDto(row), sessionVersion: row.sessionVersion } : null;
}

/**
 * Checks an email and password, throttled per email and per client address.
 * Unknown emails cost the same scrypt work, so timing reveals nothing.
 */
export async function authenticateOperator(input: { email: string; password: string; ip: string }): Promise<{ id: string; email: string; name: string; sessionVersion: number } | null> {
  const email = input.email.trim().toLowerCase();
  const accountKey = `signin:email:${email}`;
  const clientKey = `signin:ip:${input.ip}`;
  const wait = await retryAfterSeconds([accountKey, clientKey]);
  if (wait > 0) throw new RateLimitError(`Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`, wait);
  const row = await db().operator.findUnique({ where: { email }, omit: { passwordHash: false } });
  const valid = await verifyPassword(input.password, row?.passwordHash ?? (await decoyPasswordHash()));
  const anonymous: Actor = { type: "anonymous", id: email, ip: input.ip };
  if (!row || !valid || row.disabled) {
    await recordFailure([accountKey], PER_ACCOUNT);
    await recordFailure([clientKey], PER_CLIENT);
    await db().$transaction((tx) => writeAudit(tx, { actor: anonymous, action: "operator.sign-in", result: "rejected", target: email }));
    return null;
  }
  await clearFailures([accountKey]);
  await db().$transaction(async (tx) => {
    await tx.operator.update({ where: { id: row.id }, data: { lastSignInAt: new Date() } });
    await writeAudit(tx, { actor: { type: "operator", id: row.email, ip: input.ip }, action: "operator.sign-in", target: row.email });
  });
  return { id: row.id, email: row.email, name: row.name, sessionVersion: row.sessionVersion };
}

/** Re-checks a signed-in operator's password (revealing a key, changing it), throttled like sign-in. */
export async function checkOperatorPassword(id: string, password: string): Promise<boolean> {
  const key = `reauth:operator:${id}`;
  const wait = await retryAfterSeconds([key]);
  if (wait > 0) throw new RateLimitError(`Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} minute(s).`, wait);
  const row = await db().operator.findUnique({ where: { id }, omit: { passwordHash: false } });
  const valid = row ? await verifyPassword(password, row.passwordHash) : false;
  if (valid) await clearFailures([key]);
  else await recordFailure([key], PER_ACCOUNT);
  return valid;
}

async function ensureAnotherOwner(tx: Tx, id: string) {
  const others = await tx.operator.count({ where: { role: "owner", disabled: false, id: { not: id } } });
  if (others === 0) throw new ValidationError("This is the last active owner; make another operator owner first.");
}

/** Changing the role, disabling or a new password bumps sessionVersion, which ends the operator's sessions. */
export async function updateOperator(actor: Actor, id: string, change: { role?: Role; disabled?: boolean; password?: string }): Promise<OperatorDto> {
  const passwordHash = change.password ? await hashPassword(change.password) : undefined;
  return db().$transaction(async (tx) => {
    const row = await tx.operator.findUnique({ where: { id } });
    if (!row) throw new NotFoundError("This operator does not exist.");
    const demotes = (change.role && change.role !== "owner") || change.disabled === true;
    if (row.role === "owner" && demotes) await ensureAnotherOwner(tx, id);
    const updated = await tx.operator.update({
      where: { id },
      data: {
        ...(change.role && { role: change.role }),
        ...(change.disabled !== undefined && { disabled: change.disabled }),
        ...(passwordHash && { passwordHash }),
        sessionVersion: { increment: 1 },
      },
    });
    const action = change.password ? "operator.set-password" : change.role ? "operator.change-role" : change.disabled ? "operator.disable" : "operator.enable";
    await writeAudit(tx, { actor, action, target: row.email, details: change.role ? { from: row.role, to: change.role } : {} });
    return toDto(updated);
  });
}

/** An operator's own password change; every session of theirs ends, this one included. */
export async function changeOwnPassword(actor: Actor, id: string, currentPassword: string, newPassword: string): Promise<void> {
  if (!(await checkOperatorPassword(id, currentPassword))) {
    throw new ValidationError("Your current password is incorrect.", { currentPassword: "Your current password is incorrect." });
  }
  await updateOperator(actor, id, { password: newPassword });
}

export async function auditSignOut(id: string): Promise<void> {
  const row = await db().operator.findUnique({ where: { id }, select: { email: true } });
  if (row) await db().$transaction((tx) => writeAudit(tx, { actor: { type: "operator", id: row.email }, action: "operator.sign-out", target: row.email }));
}
