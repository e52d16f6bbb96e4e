import "server-only";
import { db, type Tx } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/data/audit";
import { env } from "@/lib/env";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { CALLBACK_ACTIONS, type CallbackAction } from "@/lib/callbacks/actions";
import { urlDestinationProblem } from "@/lib/callbacks/address-policy";
import { decryptSecret, encryptSecret, sealedKeyId } from "@/lib/secrets/secret-box";

// Each application's state-change callback: URL, the actions it reports and
// the authentication token. The token is a secret the App Server shares: it
// is encrypted like the signing keys and never leaves the server again
// (write-only: the console says whether one is set, never what it is), and
// neither the audit trail nor a delivery's error ever carries it. A URL
// whose host is an address callbacks may not reach (an internal or
// loopback IP in any spelling, localhost) is refused when it is saved;
// names are checked again, with what they resolve to, at every delivery.

export type CallbackConfigDto = {
  sdkAppId: number;
  url: string;
  actions: CallbackAction[];
  hasToken: boolean;
  /** Why deliveries to this URL are refused now (it was saved before the rule, or the allowed networks changed), or null. */
  refused: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** Where the worker posts an app's callbacks, with the token decrypted (null: unsigned). */
export type CallbackTarget = { url: string; token: string | null; actions: CallbackAction[] };

const tokenData = (sdkAppId: number) => `callback:${sdkAppId}`;

export const parseActions = (text: string): CallbackAction[] =>
  CALLBACK_ACTIONS.filter((action) => text.split(",").includes(action));

type Row = {
  sdkAppId: number;
  url: string;
  actions: string;
  tokenCiphertext: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const destinationProblem = (url: string) => urlDestinationProblem(url, env().TESSERA_CALLBACK_ALLOWED_NETWORKS);

const toDto = (row: Row): CallbackConfigDto => ({
  sdkAppId: row.sdkAppId,
  url: row.url,
  actions: parseActions(row.actions),
  hasToken: row.tokenCiphertext !== null,
  refused: destinationProblem(row.url),
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/**
 * An app's callback configuration. The URL's query string may carry the App
 * Server's own secret, so it is shown in full only to those who may change
 * the URL (`withQuery`: apps.write); others see its origin and path, as the
 * audit trail keeps it.
 */
export async function getCallbackConfig(
  sdkAppId: number,
  { withQuery }: { withQuery: boolean },
): Promise<CallbackConfigDto | null> {
  const row = await db().callbackConfig.findUnique({ where: { sdkAppId }, omit: { tokenCiphertext: false } });
  if (!row) return null;
  const dto = toDto(row);
  return withQuery ? dto : { ...dto, url: withoutQuery(row.url) };
}

/** A URL's origin and path, "?…" standing for its query string. */
function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}${parsed.search ? "?…" : ""}`;
}

/**
 * Creates or changes an app's callback. `token` replaces the token when it is
 * not empty; `removeToken` stops signing. A URL callbacks may not reach is
 * refused (ValidationError, its reason on the url field). Audited with the URL's origin and
 * path and what happened to the token, never the token.
 */
export async function setCallbackConfig(
  actor: Actor,
  sdkAppId: number,
  input: { url: string; actions: CallbackAction[]; token: string; removeToken: boolean },
): Promise<CallbackConfigDto> {
  const actions = CALLBACK_ACTIONS.filter((action) => input.actions.includes(action));
  const refused = destinationProblem(input.url);
  if (refused) throw new ValidationError(refused, { url: refused });
  return db().$transaction(async (tx) => {
    if (!(await tx.application.findUnique({ where: { sdkAppId }, select: { sdkAppId: true } })))
      throw new NotFoundError(`Application ${sdkAppId} does not exist.`, 70020);
    const existing = await tx.callbackConfig.findUnique({ where: { sdkAppId }, omit: { tokenCiphertext: false } });
    const tokenCiphertext = input.token
      ? encryptSecret(input.token, tokenData(sdkAppId))
      : input.removeToken
        ? null
        : (existing?.tokenCiphertext ?? null);
    const token = input.token
      ? "set"
      : input.removeToken && existing?.tokenCiphertext
        ? "removed"
        : tokenCiphertext
          ? "kept"
          : "none";
    const data = { url: input.url, actions: actions.join(","), tokenCiphertext };
    const row = await tx.callbackConfig.upsert({
      where: { sdkAppId },
      create: { sdkAppId, ...data },
      update: data,
      omit: { tokenCiphertext: false },
    });
    await recordAudit(
      {
        actor,
        action: "callback.configure",
        sdkAppId,
        target: "State.StateChange",
        details: { url: withoutQuery(input.url), actions, token },
      },
      tx,
    );
    return toDto(row);
  });
}

/** Turns an app's callbacks off: the configuration goes, and deliveries still waiting fail (nothing to send them to). */
export async function removeCallbackConfig(
  actor: Actor,
  sdkAppId: number,
  now = new Date(),
): Promise<{ cancelled: number }> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.callbackConfig.deleteMany({ where: { sdkAppId } });
    if (count === 0) throw new NotFoundError("State callbacks are not configured for this application.");
    const cancelled = await tx.callbackDelivery.updateMany({
      where: { sdkAppId, status: "pending" },
      data: {
        status: "failed",
        lastError: "State callbacks were turned off before it was delivered.",
        nextAttemptAt: now,
        claimedUntil: null,
        claimToken: null,
      },
    });
    await recordAudit(
      {
        actor,
        action: "callback.remove",
        sdkAppId,
        target: "State.StateChange",
        details: { cancelled: cancelled.count },
      },
      tx,
    );
    return { cancelled: cancelled.count };
  });
}

// Decrypted tokens by ciphertext, as for signing keys (lib/data/key-cache.ts):
// the configuration is read fresh for every batch, only the AES work is saved.
const decrypted = new Map<string, string>();

/** The delivery targets of these apps; an app without a configuration is absent. */
export async function callbackTargets(sdkAppIds: number[]): Promise<Map<number, CallbackTarget | { error: string }>> {
  const rows = await db().callbackConfig.findMany({
    where: { sdkAppId: { in: sdkAppIds } },
    omit: { tokenCiphertext: false },
  });
  return new Map(
    rows.map((row): [number, CallbackTarget | { error: string }] => {
      if (row.tokenCiphertext === null)
        return [row.sdkAppId, { url: row.url, token: null, actions: parseActions(row.actions) }];
      try {
        let token = decrypted.get(row.tokenCiphertext);
        if (token === undefined) {
          token = decryptSecret(row.tokenCiphertext, tokenData(row.sdkAppId));
          if (decrypted.size >= 1000) decrypted.clear();
          decrypted.set(row.tokenCiphertext, token);
        }
        return [row.sdkAppId, { url: row.url, token, actions: parseActions(row.actions) }];
      } catch {
        // The message names no key material; the master key error itself says what to configure.
        return [
          row.sdkAppId,
          { error: "The callback token cannot be decrypted with the configured master keys; set the token again." },
        ];
      }
    }),
  );
}

/** Re-encrypts every callback token under the current master key, inside `npm run keys:rewrap`'s transaction; counts by the master key they came from. */
export async function rewrapCallbackTokens(
  tx: Tx,
  keyId: string,
): Promise<{ total: number; rewrapped: Record<string, number> }> {
  const rows = await tx.callbackConfig.findMany({
    where: { tokenCiphertext: { not: null } },
    orderBy: { sdkAppId: "asc" },
    omit: { tokenCiphertext: false },
  });
  const rewrapped: Record<string, number> = {};
  for (const row of rows) {
    const from = sealedKeyId(row.tokenCiphertext!) ?? "v1";
    if (from === keyId) continue;
    const data = tokenData(row.sdkAppId);
    await tx.callbackConfig.update({
      where: { sdkAppId: row.sdkAppId },
      data: { tokenCiphertext: encryptSecret(decryptSecret(row.tokenCiphertext!, data), data) },
    });
    rewrapped[from] = (rewrapped[from] ?? 0) + 1;
  }
  return { total: rows.length, rewrapped };
}
