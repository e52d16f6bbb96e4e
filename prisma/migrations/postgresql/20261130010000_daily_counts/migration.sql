-- CreateTable
CREATE TABLE "DailyCount" (
    "sdkAppId" OID NOT NULL,
    "metric" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DailyCount_pkey" PRIMARY KEY ("sdkAppId","metric","day")
);

-- AddForeignKey
ALTER TABLE "DailyCount" ADD CONSTRAINT "DailyCount_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application"("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the counts the overview used to compute from the ledger and the sessions (timestamps are UTC).
INSERT INTO "DailyCount" ("sdkAppId", "metric", "day", "count")
SELECT "sdkAppId", 'issued', to_char("createdAt", 'YYYY-MM-DD'), COUNT(*) FROM "IssuedTicket" GROUP BY "sdkAppId", to_char("createdAt", 'YYYY-MM-DD');
INSERT INTO "DailyCount" ("sdkAppId", "metric", "day", "count")
SELECT "sdkAppId", 'logins', to_char("createdAt", 'YYYY-MM-DD'), COUNT(*) FROM "UserSession" GROUP BY "sdkAppId", to_char("createdAt", 'YYYY-MM-DD');
