import "server-only";
import { batched } from "@/lib/data/batch";
import { parseActions } from "@/lib/data/callback-config";
import { Prisma, queryRows, readBool, readDate, sqlDate } from "@/lib/data/sql";
import type { CallbackAction } from "@/lib/callbacks/actions";

export type StoredKey = { version: number; status: string; verifyUntil: Date | null; ciphertext: string };

export type LoginContext = {
  status: string;
  /** Primary and secondary keys, newest first; effectiveStatus decides which may verify at the check's time. */
  keys: StoredKey[];
  account: { disabled: boolean; loginNotBefore: Date | null } | undefined;
  /** Set when the checked ticket was revoked (lib/data/revocations.ts); who revoked it is for the console only. */
  revoked: { at: Date } | undefined;
  callbackActions: CallbackAction[];
  /** When the UserID became one of the app's admins (the REST API's identifier must be one); null when it is not one. */
  adminSince: Date | null;
};

type StateRow = {
  kind: "t" | "a" | "k" | "u" | "m" | "r" | "c";
  name: string | null;
  app: unknown;
  num: unknown;
  text: string | null;
  at: unknown;
};

// The app, its keys, its state callback's actions, the account, since when the
// UserID is an app admin, the ticket's revocation and the throttle rows, read fresh for every check (so key rotation, app status, kicks,
// revocations and blocks apply at once), but for all concurrent checks in one
// round trip: one UNION ALL statement, hand-written because this is the login
// hot path (see lib/data/sql.ts).
export const loadState = batched<
  { sdkAppId: number; userId: string; sigHash: string | null; throttleKeys: string[] },
  { context: LoginContext | null; blockedUntil: Map<string, Date> }
>(async (wanted) => {
  const appIds = Prisma.join([...new Set(wanted.map((w) => w.sdkAppId))]);
  const userIds = Prisma.join([...new Set(wanted.map((w) => w.userId))]);
  const throttleKeys = [...new Set(wanted.flatMap((w) => w.throttleKeys))];
  const hashes = [...new Set(wanted.flatMap((w) => (w.sigHash ? [w.sigHash] : [])))];
  const rows = await queryRows<StateRow>(Prisma.sql`
      SELECT 'a' AS "kind", NULL AS "name", "sdkAppId" AS "app", NULL AS "num", "status" AS "text", CAST(NULL AS TIMESTAMP) AS "at" FROM "Application" WHERE "sdkAppId" IN (${appIds})
      UNION ALL
      SELECT 'k', "status", "sdkAppId", "version", "ciphertext", "verifyUntil" FROM "SigningKey" WHERE "sdkAppId" IN (${appIds}) AND "status" IN ('primary', 'secondary')
      UNION ALL
      SELECT 'c', NULL, "sdkAppId", NULL, "actions", NULL FROM "CallbackConfig" WHERE "sdkAppId" IN (${appIds})
      UNION ALL
      SELECT 'u', "userId", "sdkAppId", CASE WHEN "disabled" THEN 1 ELSE 0 END, NULL, "loginNotBefore" FROM "Account"
        WHERE "sdkAppId" IN (${appIds}) AND "userId" IN (${userIds})
      UNION ALL
      SELECT 'm', "identifier", "sdkAppId", NULL, NULL, "createdAt" FROM "AppAdmin" WHERE "sdkAppId" IN (${appIds}) AND "identifier" IN (${userIds})
      ${hashes.length > 0 ? Prisma.sql`UNION ALL SELECT 'r', "sigHash", "sdkAppId", NULL, NULL, "revokedAt" FROM "RevokedTicket" WHERE "sigHash" IN (${Prisma.join(hashes)})` : Prisma.empty}
      ${throttleKeys.length > 0 ? Prisma.sql`UNION ALL SELECT 't', "key", NULL, NULL, NULL, "blockedUntil" FROM "Throttle" WHERE "key" IN (${Prisma.join(throttleKeys)}) AND "blockedUntil" > ${sqlDate(new Date())}` : Prisma.empty}`);
  const of = (kind: StateRow["kind"]) => rows.filter((row) => row.kind === kind);
  const status = new Map(of("a").map((row) => [Number(row.app), row.text!]));
  const keys = of("k").sort((a, b) => Number(b.num) - Number(a.num));
  const accounts = of("u");
  const admins = of("m");
  const revocations = of("r");
  const blocked = new Map(of("t").map((row) => [row.name!, readDate(row.at)!]));
  const callbacks = new Map(of("c").map((row) => [Number(row.app), parseActions(row.text!)]));
  return wanted.map(({ sdkAppId, userId, sigHash: hash, throttleKeys: mine }) => {
    const appStatus = status.get(sdkAppId);
    const account = accounts.find((row) => Number(row.app) === sdkAppId && row.name === userId);
    const revoked = hash ? revocations.find((row) => Number(row.app) === sdkAppId && row.name === hash) : undefined;
    const admin = admins.find((row) => Number(row.app) === sdkAppId && row.name === userId);
    return {
      context:
        appStatus === undefined
          ? null
          : {
              status: appStatus,
              keys: keys
                .filter((row) => Number(row.app) === sdkAppId)
                .map((row) => ({
                  version: Number(row.num),
                  status: row.name!,
                  verifyUntil: readDate(row.at),
                  ciphertext: row.text!,
                })),
              account: account && { disabled: readBool(account.num), loginNotBefore: readDate(account.at) },
              revoked: revoked && { at: readDate(revoked.at)! },
              callbackActions: callbacks.get(sdkAppId) ?? [],
              adminSince: admin ? readDate(admin.at) : null,
            },
      blockedUntil: new Map(mine.filter((key) => blocked.has(key)).map((key) => [key, blocked.get(key)!])),
    };
  });
});
