import "server-only";
import { db } from "@/lib/db";
import { Prisma, queryRows } from "@/lib/data/sql";

/** How far ahead the overview looks for UserSigs about to stop working. */
export const WARNING_WINDOW_SECONDS = 7 * 86_400;

export type ExpiryWarning =
  /** A secondary key stops verifying while UserSigs it signed are still live. */
  | { kind: "key"; version: number; stopsAt: Date; userSigs: number; privateMapKeys: number }
  /** Every live admin UserSig the console issued for `identifier` expires within the window. */
  | { kind: "admin"; identifier: string; expiresAt: Date; live: number };

// A ticket's expiry in Unix seconds; widened first because time + expire can
// pass PostgreSQL's 32-bit integer.
const EXPIRES = Prisma.sql`(CAST(t."time" AS BIGINT) + t."expire")`;
// Revoked tickets are no longer live, whatever their expiry says.
const NOT_REVOKED = Prisma.sql`NOT EXISTS (SELECT 1 FROM "RevokedTicket" r WHERE r."sigHash" = t."sigHash")`;

/**
 * What in the ledger stops working within the next 7 days. Both reads go
 * through indexed columns (the app, the key version or the admin's UserID);
 * the key read runs only while a secondary key is about to stop.
 */
export async function expiryWarnings(sdkAppId: number, now = new Date()): Promise<ExpiryWarning[]> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const horizon = new Date(now.getTime() + WARNING_WINDOW_SECONDS * 1000);
  const [ending, admins] = await Promise.all([
    db().signingKey.findMany({
      where: { sdkAppId, status: "secondary", verifyUntil: { gt: now, lte: horizon } },
      orderBy: { version: "asc" },
    }),
    db().appAdmin.findMany({ where: { sdkAppId }, select: { identifier: true } }),
  ]);
  const warnings: ExpiryWarning[] = [];
  for (const key of ending) {
    const stopsAt = key.verifyUntil!;
    const rows = await queryRows<{ kind: string; n: unknown }>(Prisma.sql`
      SELECT t."kind" AS "kind", COUNT(*) AS "n" FROM "IssuedTicket" t
      WHERE t."sdkAppId" = ${sdkAppId} AND t."keyVersion" = ${key.version} AND ${EXPIRES} > ${Math.floor(stopsAt.getTime() / 1000)} AND ${NOT_REVOKED}
      GROUP BY t."kind"`);
    const count = (kind: string) => Number(rows.find((row) => row.kind === kind)?.n ?? 0);
    if (rows.length > 0)
      warnings.push({
        kind: "key",
        version: key.version,
        stopsAt,
        userSigs: count("usersig"),
        privateMapKeys: count("privatemapkey"),
      });
  }
  if (admins.length > 0) {
    // Per admin: the last live console-issued UserSig ends within the window,
    // so nothing issued from the console will carry that admin past it.
    const rows = await queryRows<{ userId: string; last: unknown; n: unknown }>(Prisma.sql`
      SELECT t."userId" AS "userId", MAX(${EXPIRES}) AS "last", COUNT(*) AS "n" FROM "IssuedTicket" t
      WHERE t."sdkAppId" = ${sdkAppId} AND t."userId" IN (${Prisma.join(admins.map((admin) => admin.identifier))})
        AND t."kind" = 'usersig' AND t."issuer" LIKE 'operator:%' AND ${EXPIRES} > ${nowSeconds} AND ${NOT_REVOKED}
      GROUP BY t."userId"
      HAVING MAX(${EXPIRES}) <= ${nowSeconds + WARNING_WINDOW_SECONDS}
      ORDER BY t."userId"`);
    for (const row of rows)
      warnings.push({
        kind: "admin",
        identifier: row.userId,
        expiresAt: new Date(Number(row.last) * 1000),
        live: Number(row.n),
      });
  }
  return warnings;
}
