-- CreateTable
CREATE TABLE "DailyCount" (
    "sdkAppId" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("sdkAppId", "metric", "day"),
    CONSTRAINT "DailyCount_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application" ("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Backfill: the counts the overview used to compute from the ledger and the sessions.
INSERT INTO "DailyCount" ("sdkAppId", "metric", "day", "count")
SELECT "sdkAppId", 'issued', substr("createdAt", 1, 10), COUNT(*) FROM "IssuedTicket" GROUP BY "sdkAppId", substr("createdAt", 1, 10);
INSERT INTO "DailyCount" ("sdkAppId", "metric", "day", "count")
SELECT "sdkAppId", 'logins', substr("createdAt", 1, 10), COUNT(*) FROM "UserSession" GROUP BY "sdkAppId", substr("createdAt", 1, 10);
