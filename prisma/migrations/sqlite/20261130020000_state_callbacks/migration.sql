-- AlterTable
ALTER TABLE "UserSession" ADD COLUMN "closedAt" DATETIME;

-- CreateTable
CREATE TABLE "CallbackConfig" (
    "sdkAppId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "url" TEXT NOT NULL,
    "tokenCiphertext" TEXT,
    "actions" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CallbackConfig_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application" ("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CallbackDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sdkAppId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "eventTime" DATETIME NOT NULL,
    "clientIp" TEXT NOT NULL DEFAULT '',
    "platform" TEXT NOT NULL DEFAULT 'Unknown',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "firstAttemptAt" DATETIME,
    "lastAttemptAt" DATETIME,
    "claimedUntil" DATETIME,
    "claimToken" TEXT,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "latencyMs" INTEGER,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "CallbackDelivery_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application" ("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CallbackDelivery_status_nextAttemptAt_idx" ON "CallbackDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "CallbackDelivery_status_sdkAppId_userId_id_idx" ON "CallbackDelivery"("status", "sdkAppId", "userId", "id");

-- CreateIndex
CREATE INDEX "CallbackDelivery_sdkAppId_id_idx" ON "CallbackDelivery"("sdkAppId", "id");

-- CreateIndex
CREATE INDEX "UserSession_sdkAppId_closedAt_expiresAt_idx" ON "UserSession"("sdkAppId", "closedAt", "expiresAt");


-- Sessions that ended before this migration (logout, kick, revocation) were
-- reported by nothing; marking them closed keeps the expiry sweep from
-- reporting them as timed out.
UPDATE "UserSession" SET "closedAt" = "revokedAt" WHERE "revokedAt" IS NOT NULL;
