import "server-only";
import { db, type Tx } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/data/audit";
import { env } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { decryptSecret, encryptSecret, sealedKeyId } from "@/lib/secrets/secret-box";
import { issuerUrlProblem, type SsoConfigInput, type SsoNewOperatorRole } from "@/lib/validations/sso";

// The owner's single sign-on configuration (one SsoConfig row while it is
// on). The client secret is encrypted under the master key, covered by
// `npm run keys:rewrap`, and never leaves this file except to the token
// request: the settings page learns only that it is set.

const SECRET_DATA = "sso:client-secret";

/** What the settings page and the sign-in page see. */
export type SsoSettings = {
  issuer: string;
  clientId: string;
  allowedDomains: string[];
  /** The role a first SSO sign-in creates an operator with; null admits only operators who exist. */
  newOperatorRole: SsoNewOperatorRole | null;
};

/** What the sign-in flow needs: the settings and the decrypted client secret. */
export type SsoClient = SsoSettings & { clientSecret: string };

type Row = { issuer: string; clientId: string; allowedDomains: string; newOperatorRole: string | null };

const toSettings = (row: Row): SsoSettings => ({
  issuer: row.issuer,
  clientId: row.clientId,
  allowedDomains: row.allowedDomains.split(",").filter(Boolean),
  newOperatorRole: row.newOperatorRole as SsoNewOperatorRole | null,
});

export async function getSsoSettings(): Promise<SsoSettings | null> {
  const row = await db().ssoConfig.findUnique({ where: { id: 1 } });
  return row ? toSettings(row) : null;
}

export async function loadSsoClient(): Promise<SsoClient | null> {
  const row = await db().ssoConfig.findUnique({ where: { id: 1 }, omit: { clientSecretCiphertext: false } });
  return row ? { ...toSettings(row), clientSecret: decryptSecret(row.clientSecretCiphertext, SECRET_DATA) } : null;
}

/** Turns single sign-on on or changes it; an empty client secret keeps the one set before. */
export async function setSsoConfig(actor: Actor, input: SsoConfigInput): Promise<void> {
  const problem = issuerUrlProblem(input.issuer, env().TESSERA_SSO_ALLOW_HTTP_ISSUER);
  if (problem) throw new ValidationError(problem, { issuer: problem });
  const settings = {
    issuer: input.issuer,
    clientId: input.clientId,
    allowedDomains: input.allowedDomains.join(","),
    newOperatorRole: input.newOperators === "existing" ? null : input.newOperators,
  };
  const clientSecretCiphertext = input.clientSecret ? encryptSecret(input.clientSecret, SECRET_DATA) : undefined;
  await db().$transaction(async (tx) => {
    const before = await tx.ssoConfig.findUnique({ where: { id: 1 } });
    if (before) await tx.ssoConfig.update({ where: { id: 1 }, data: { ...settings, clientSecretCiphertext } });
    else if (clientSecretCiphertext)
      await tx.ssoConfig.create({ data: { id: 1, ...settings, clientSecretCiphertext } });
    else {
      const message = "Enter the client secret the identity provider gave you.";
      throw new ValidationError(message, { clientSecret: message });
    }
    await recordAudit(
      {
        actor,
        action: "sso.configure",
        target: input.issuer,
        // The secret itself never goes in the audit trail, only whether it changed.
        details: {
          from: before && toSettings(before),
          to: toSettings(settings),
          clientSecretChanged: clientSecretCiphertext !== undefined,
        },
      },
      tx,
    );
  });
}

export async function removeSsoConfig(actor: Actor): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await tx.ssoConfig.findUnique({ where: { id: 1 } });
    if (!before) throw new ValidationError("Single sign-on is not configured.");
    await tx.ssoConfig.delete({ where: { id: 1 } });
    // Sign-ins under way end with it: a started one finds no state, a vouched-for one no pending sign-in.
    await tx.ssoRequest.deleteMany({});
    await tx.pendingSignIn.deleteMany({ where: { purpose: "sso" } });
    await recordAudit({ actor, action: "sso.remove", target: before.issuer }, tx);
  });
}

/** Re-encrypts the client secret under the current master key, inside `npm run keys:rewrap`'s transaction. */
export async function rewrapSsoClientSecret(
  tx: Tx,
  keyId: string,
): Promise<{ total: number; rewrapped: Record<string, number> }> {
  const row = await tx.ssoConfig.findUnique({ where: { id: 1 }, omit: { clientSecretCiphertext: false } });
  if (!row) return { total: 0, rewrapped: {} };
  const from = sealedKeyId(row.clientSecretCiphertext) ?? "v1";
  if (from === keyId) return { total: 1, rewrapped: {} };
  await tx.ssoConfig.update({
    where: { id: 1 },
    data: {
      clientSecretCiphertext: encryptSecret(decryptSecret(row.clientSecretCiphertext, SECRET_DATA), SECRET_DATA),
    },
  });
  return { total: 1, rewrapped: { [from]: 1 } };
}
