-- Throttle rows are short-lived counters: the table is redefined as Prisma
-- does (SQLite cannot add a column whose default is CURRENT_TIMESTAMP).
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Throttle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" DATETIME NOT NULL,
    "blockedUntil" DATETIME,
    "expiresAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Throttle" ("blockedUntil", "failures", "key", "windowStart") SELECT "blockedUntil", "failures", "key", "windowStart" FROM "Throttle";
DROP TABLE "Throttle";
ALTER TABLE "new_Throttle" RENAME TO "Throttle";
CREATE INDEX "Throttle_expiresAt_idx" ON "Throttle"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- The audit table is altered in place, not redefined as `migrate diff`
-- writes it: redefining would copy every row and drop its append-only
-- triggers.
ALTER TABLE "AuditEvent" ADD COLUMN "count" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "AuditEvent" ADD COLUMN "lastAt" DATETIME;
