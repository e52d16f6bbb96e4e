-- AlterTable
ALTER TABLE "UserSession" ADD COLUMN     "closedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CallbackConfig" (
    "sdkAppId" OID NOT NULL,
    "url" TEXT NOT NULL,
    "tokenCiphertext" TEXT,
    "actions" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallbackConfig_pkey" PRIMARY KEY ("sdkAppId")
);

-- CreateTable
CREATE TABLE "CallbackDelivery" (
    "id" SERIAL NOT NULL,
    "sdkAppId" OID NOT NULL,
    "userId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "eventTime" TIMESTAMP(3) NOT NULL,
    "clientIp" TEXT NOT NULL DEFAULT '',
    "platform" TEXT NOT NULL DEFAULT 'Unknown',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "firstAttemptAt" TIMESTAMP(3),
    "lastAttemptAt" TIMESTAMP(3),
    "claimedUntil" TIMESTAMP(3),
    "claimToken" TEXT,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "latencyMs" INTEGER,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallbackDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CallbackDelivery_status_nextAttemptAt_idx" ON "CallbackDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "CallbackDelivery_status_sdkAppId_userId_id_idx" ON "CallbackDelivery"("status", "sdkAppId", "userId", "id");

-- CreateIndex
CREATE INDEX "CallbackDelivery_sdkAppId_id_idx" ON "CallbackDelivery"("sdkAppId", "id");

-- CreateIndex
CREATE INDEX "UserSession_sdkAppId_closedAt_expiresAt_idx" ON "UserSession"("sdkAppId", "closedAt", "expiresAt");

-- AddForeignKey
ALTER TABLE "CallbackConfig" ADD CONSTRAINT "CallbackConfig_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application"("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallbackDelivery" ADD CONSTRAINT "CallbackDelivery_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application"("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE;


-- Sessions that ended before this migration (logout, kick, revocation) were
-- reported by nothing; marking them closed keeps the expiry sweep from
-- reporting them as timed out.
UPDATE "UserSession" SET "closedAt" = "revokedAt" WHERE "revokedAt" IS NOT NULL;
