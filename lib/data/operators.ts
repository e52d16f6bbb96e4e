import "server-only";
import { throttleClient } from "@/lib/client-ip";
import { randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { decoyPasswordHash, hashPassword, verifyPassword } from "@/lib/auth/password";
import { type Actor, recordAudit } from "@/lib/data/audit";
import { clearAttempts, countAttempts, isMarked, markKey, refundAttempts } from "@/lib/data/throttle";
import { auditRejected } from "@/lib/data/rejections";
import { isSqlite } from "@/lib/data/sql";
import { MAX_EMAIL_CHARS, MAX_PASSWORD_BYTES } from "@/lib/validations/limits";
import { ConflictError, NotFoundError, RateLimitError, ValidationError } from "@/lib/errors";
import { KNOWN_CLIENT_SECONDS, PER_ACCOUNT, PER_CLIENT, STRICT, tooMany } from "@/lib/data/sign-in-throttle";
import { nextSignInStep, PASSWORD_SIGN_IN_OFF, passwordSignInAllowed, type SignInStep } from "@/lib/data/sign-in-steps";
import { removeSecondFactors } from "@/lib/data/second-factors";
import { type Access, type AppRole, type OperatorRole } from "@/lib/auth/permissions";

export type MembershipDto = { sdkAppId: number; appName: string; role: AppRole };

export type OperatorDto = {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  /** A scoped operator's applications; empty for a global role. */
  memberships: MembershipDto[];
  disabled: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
};

type OperatorRow = {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
  memberships?: { sdkAppId: number; role: string; app: { name: string } }[];
};

const withMemberships = {
  memberships: { include: { app: { select: { name: true } } }, orderBy: { sdkAppId: "asc" } },
} as const;

const toDto = (row: OperatorRow): OperatorDto => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role as OperatorRole,
  memberships: (row.memberships ?? []).map((m) => ({
    sdkAppId: m.sdkAppId,
    appName: m.app.name,
    role: m.role as AppRole,
  })),
  disabled: row.disabled,
  lastSignInAt: row.lastSignInAt,
  createdAt: row.createdAt,
});

// Sign-in attempts are counted before the password is hashed, so N
// concurrent guesses cost at most `limit` hashes (lib/data/sign-in-throttle.ts).

/** Email and password bounds, checked before anything is stored or hashed. */
function assertBounded(email: string, password: string): void {
  if (email.length > MAX_EMAIL_CHARS)
    throw new ValidationError(`The email address is longer than ${MAX_EMAIL_CHARS} characters.`);
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES)
    throw new ValidationError(`The password is longer than ${MAX_PASSWORD_BYTES} bytes.`);
}

export async function countOperators(): Promise<number> {
  return db().operator.count();
}

export async function createOperator(
  actor: Actor,
  input: {
    email: string;
    name?: string;
    password: string;
    role: OperatorRole;
    mustChangePassword?: boolean;
    /** Recorded in the audit row when the operator was made by their first SSO sign-in. */
    via?: "sso";
  },
): Promise<OperatorDto> {
  const passwordHash = await hashPassword(input.password);
  const email = input.email.trim().toLowerCase();
  return db().$transaction(async (tx) => {
    if (await tx.operator.findUnique({ where: { email }, select: { id: true } }))
      throw new ConflictError(`An operator with the email ${email} already exists.`);
    const row = await tx.operator.create({
      data: {
        email,
        name: input.name ?? "",
        passwordHash,
        role: input.role,
        mustChangePassword: input.mustChangePassword ?? false,
      },
    });
    await recordAudit(
      { actor, action: "operator.create", target: row.email, details: { role: input.role, via: input.via } },
      tx,
    );
    return toDto(row);
  });
}

export async function listOperators(): Promise<OperatorDto[]> {
  const rows = await db().operator.findMany({ orderBy: { createdAt: "asc" }, include: withMemberships });
  return rows.map(toDto);
}

/** The operator behind a session, with what they may access (read on every request, so changes apply at once). */
export async function findOperatorForSession(
  id: string,
): Promise<
  (OperatorDto & { sessionVersion: number; mustChangePassword: boolean; access: Access; locale: string | null }) | null
> {
  const row = await db().operator.findUnique({ where: { id }, include: withMemberships });
  if (!row) return null;
  const dto = toDto(row);
  const access: Access =
    dto.role === "scoped"
      ? { role: "scoped", apps: new Map(dto.memberships.map((m) => [m.sdkAppId, m.role])) }
      : { role: dto.role };
  return {
    ...dto,
    sessionVersion: row.sessionVersion,
    mustChangePassword: row.mustChangePassword,
    access,
    locale: row.locale,
  };
}

/** Gives a scoped operator a role in an application, or takes it away (role null). */
export async function setMembership(
  actor: Actor,
  operatorId: string,
  sdkAppId: number,
  role: AppRole | null,
): Promise<void> {
  await db().$transaction(async (tx) => {
    const operator = await tx.operator.findUnique({ where: { id: operatorId }, select: { email: true, role: true } });
    if (!operator) throw new NotFoundError("This operator does not exist.");
    if (operator.role !== "scoped")
      throw new ValidationError(
        "Only an operator with per-application access has application roles; change their role to scoped first.",
      );
    if (!(await tx.application.findUnique({ where: { sdkAppId }, select: { sdkAppId: true } })))
      throw new NotFoundError(`Application ${sdkAppId} does not exist.`, 70020);
    if (role)
      await tx.operatorMembership.upsert({
        where: { operatorId_sdkAppId: { operatorId, sdkAppId } },
        create: { operatorId, sdkAppId, role },
        update: { role },
      });
    else await tx.operatorMembership.deleteMany({ where: { operatorId, sdkAppId } });
    await recordAudit(
      { actor, action: "operator.set-membership", sdkAppId, target: operator.email, details: { role } },
      tx,
    );
  });
}

export type PasswordSignIn = {
  id: string;
  email: string;
  name: string;
  sessionVersion: number;
  /** What the sign-in still owes before it gets a session ("session": nothing). */
  next: SignInStep;
};

/**
 * Checks an email and password, throttled as above. Unknown emails cost the
 * same scrypt work, so timing reveals nothing. The sign-in is recorded only
 * when nothing else is owed; otherwise completeSignIn records it later.
 */
export async function authenticateOperator(input: {
  email: string;
  password: string;
  ip: string;
}): Promise<PasswordSignIn | null> {
  assertBounded(input.email, input.password);
  const email = input.email.trim().toLowerCase();
  const anonymous: Actor = { type: "anonymous", id: email, ip: input.ip };
  const from = throttleClient(input.ip);
  const pair = { key: `signin:pair:${email}:${from}`, policy: STRICT };
  const client = { key: `signin:ip:${from}`, policy: PER_CLIENT };
  const account = { key: `signin:email:${email}`, policy: PER_ACCOUNT };
  const known = `signin:known:${email}:${from}`;
  const [pairWait, clientWait, accountWait] = await countAttempts([pair, client, account]);
  const knownClient = await isMarked(known);
  const wait = Math.max(pairWait!, clientWait!) || (accountWait! > 0 && !knownClient ? accountWait! : 0);
  if (wait > 0) {
    await auditRejected({
      actor: anonymous,
      action: "operator.sign-in",
      target: email,
      code: 70050,
      details: { reason: "throttled" },
    });
    throw tooMany("Too many failed sign-in attempts.", wait);
  }
  const row = await db().operator.findUnique({ where: { email }, omit: { passwordHash: false } });
  const valid = await verifyPassword(
    input.password,
    row?.passwordHash ?? (await decoyPasswordHash()),
    !knownClient,
  ).catch(async (error: unknown) => {
    // Refused by the hashing gate (too many at once): nothing was checked, so nothing counts.
    if (error instanceof RateLimitError) await refundAttempts([pair, client, account]);
    throw error;
  });
  if (!row || !valid || row.disabled) {
    await auditRejected({
      actor: anonymous,
      action: "operator.sign-in",
      target: email,
      details: { reason: "invalid credentials" },
    });
    return null;
  }
  await refundAttempts([client, account]);
  await clearAttempts([pair.key]);
  await markKey(known, KNOWN_CLIENT_SECONDS);
  if (!(await passwordSignInAllowed(row))) {
    await auditRejected({
      actor: anonymous,
      action: "operator.sign-in",
      target: email,
      details: { reason: "password sign-in is off for this role" },
    });
    throw new ValidationError(PASSWORD_SIGN_IN_OFF);
  }
  const next = await nextSignInStep(row);
  if (next === "session") await completeSignIn(row.id, input.ip, { method: "password" });
  return { id: row.id, email: row.email, name: row.name, sessionVersion: row.sessionVersion, next };
}

const KNOWN_CLIENT = "signin:client:";
const knownClientKey = (ip: string) => `${KNOWN_CLIENT}${throttleClient(ip)}`;

/**
 * The clients (throttleClient's form) from which some operator finished a
 * sign-in in the last 30 days: few, since only a finished sign-in adds one
 * (lib/server/sign-in-guard.ts keeps them in memory).
 */
export async function knownSignInClients(now = new Date()): Promise<Set<string>> {
  const rows = await db().throttle.findMany({
    where: { key: { startsWith: KNOWN_CLIENT }, expiresAt: { gt: now } },
    select: { key: true },
  });
  return new Set(rows.map((row) => row.key.slice(KNOWN_CLIENT.length)));
}

/** Records a finished sign-in (every step done) and when it happened. */
export async function completeSignIn(
  id: string,
  ip: string,
  details: Record<string, unknown>,
  action: "operator.sign-in" | "operator.sso-sign-in" = "operator.sign-in",
): Promise<void> {
  await markKey(knownClientKey(ip), KNOWN_CLIENT_SECONDS);
  await db().$transaction(async (tx) => {
    const row = await tx.operator.update({ where: { id }, data: { lastSignInAt: new Date() } });
    await recordAudit({ actor: { type: "operator", id: row.email, ip }, action, target: row.email, details }, tx);
  });
}

/** Re-checks a signed-in operator's password (revealing a key, changing it), counted before hashing like sign-in. */
export async function checkOperatorPassword(id: string, password: string): Promise<boolean> {
  assertBounded("", password);
  const rule = { key: `reauth:operator:${id}`, policy: STRICT };
  const [wait] = await countAttempts([rule]);
  if (wait! > 0) throw tooMany("Too many wrong passwords.", wait!);
  const row = await db().operator.findUnique({ where: { id }, omit: { passwordHash: false } });
  const valid = row ? await verifyPassword(password, row.passwordHash) : false;
  if (valid) await clearAttempts([rule.key]);
  return valid;
}

/** PostgreSQL advisory lock (lib/data/audit-seal.ts CHAIN_LOCK is another) held by every change that can take an owner away. */
const OWNER_CHANGE_LOCK = 7_412_020_002;

/**
 * Runs the changes that can take an owner away one after another, so the
 * last-owner check of one sees what the other committed. Without it, two
 * owners demoting or disabling each other at the same moment on PostgreSQL
 * (read committed) each counted the other as an owner, and both went ahead.
 * SQLite's write transactions already run one at a time (lib/db.ts).
 */
async function serializeOwnerChanges(tx: Tx): Promise<void> {
  if (!isSqlite()) await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OWNER_CHANGE_LOCK})`;
}

async function ensureAnotherOwner(tx: Tx, id: string) {
  const others = await tx.operator.count({ where: { role: "owner", disabled: false, id: { not: id } } });
  if (others === 0) throw new ValidationError("This is the last active owner; make another operator owner first.");
}

/** Changing the role, disabling or a new password bumps sessionVersion, which ends the operator's sessions. */
export async function updateOperator(
  actor: Actor,
  id: string,
  change: { role?: OperatorRole; disabled?: boolean; password?: string },
): Promise<OperatorDto> {
  const passwordHash = change.password ? await hashPassword(change.password) : undefined;
  const demotes = (change.role !== undefined && change.role !== "owner") || change.disabled === true;
  return db().$transaction(async (tx) => {
    // Before the operator is read, so the role it is checked against is current too.
    if (demotes) await serializeOwnerChanges(tx);
    const row = await tx.operator.findUnique({ where: { id } });
    if (!row) throw new NotFoundError("This operator does not exist.");
    if (row.role === "owner" && demotes) await ensureAnotherOwner(tx, id);
    const updated = await tx.operator.update({
      where: { id },
      data: {
        ...(change.role && { role: change.role }),
        ...(change.disabled !== undefined && { disabled: change.disabled }),
        // A password the operator chose themselves is no longer a generated one.
        ...(passwordHash && { passwordHash, mustChangePassword: false }),
        sessionVersion: { increment: 1 },
      },
      include: withMemberships,
    });
    // Memberships exist only for scoped operators, so a global role leaves no stale grant behind.
    if (change.role && change.role !== "scoped") await tx.operatorMembership.deleteMany({ where: { operatorId: id } });
    const action = change.password
      ? "operator.set-password"
      : change.role
        ? "operator.change-role"
        : change.disabled
          ? "operator.disable"
          : "operator.enable";
    await recordAudit(
      { actor, action, target: row.email, details: change.role ? { from: row.role, to: change.role } : {} },
      tx,
    );
    return toDto(updated);
  });
}

/** The console language an operator chose for themselves (null: follow the browser). */
export async function setOperatorLocale(actor: Actor, id: string, locale: string | null): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.operator.update({ where: { id }, data: { locale } });
    await recordAudit({ actor, action: "operator.set-locale", target: actor.id, details: { locale } }, tx);
  });
}

/** An operator's own password change; every session of theirs ends, this one included. */
export async function changeOwnPassword(
  actor: Actor,
  id: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  if (!(await checkOperatorPassword(id, currentPassword))) {
    throw new ValidationError("Your current password is incorrect.", {
      currentPassword: "Your current password is incorrect.",
    });
  }
  await updateOperator(actor, id, { password: newPassword });
}

export async function auditSignOut(id: string): Promise<void> {
  const row = await db().operator.findUnique({ where: { id }, select: { email: true } });
  if (row)
    await recordAudit({ actor: { type: "operator", id: row.email }, action: "operator.sign-out", target: row.email });
}

/**
 * An owner's reset of another operator's second factors (a lost phone): they
 * sign in with the password alone again, or are sent to enrol if the policy
 * requires a factor. Their sessions end.
 */
export async function resetOperatorSecondFactors(actor: Actor, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const row = await tx.operator.findUnique({ where: { id }, select: { email: true } });
    if (!row) throw new NotFoundError("This operator does not exist.");
    await removeSecondFactors(tx, id);
    await tx.operator.update({ where: { id }, data: { sessionVersion: { increment: 1 } } });
    await recordAudit({ actor, action: "operator.reset-factors", target: row.email }, tx);
  });
}

/**
 * Break-glass (`npm run operator:reset`): a new generated password that must
 * be changed at the next sign-in, no second factors, every session ended.
 * Returns the password to print once; it is never stored or audited.
 */
export async function breakGlassReset(actor: Actor, email: string): Promise<string> {
  const password = randomBytes(15).toString("base64url");
  const passwordHash = await hashPassword(password);
  await db().$transaction(async (tx) => {
    const row = await tx.operator.findUnique({
      where: { email: email.trim().toLowerCase() },
      select: { id: true, email: true },
    });
    if (!row) throw new NotFoundError(`No operator has the email ${email}.`);
    await removeSecondFactors(tx, row.id);
    await tx.pendingSignIn.deleteMany({ where: { operatorId: row.id } });
    await tx.operator.update({
      where: { id: row.id },
      data: { passwordHash, mustChangePassword: true, disabled: false, sessionVersion: { increment: 1 } },
    });
    await recordAudit({ actor, action: "operator.break-glass-reset", target: row.email }, tx);
  });
  return password;
}
