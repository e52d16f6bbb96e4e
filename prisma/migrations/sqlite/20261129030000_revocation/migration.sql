-- AlterTable
ALTER TABLE "UserSession" ADD COLUMN "sigHash" TEXT;

-- CreateTable
CREATE TABLE "RevokedTicket" (
    "sigHash" TEXT NOT NULL PRIMARY KEY,
    "sdkAppId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedBy" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "RevokedTicket_expiresAt_idx" ON "RevokedTicket"("expiresAt");

-- CreateIndex
CREATE INDEX "UserSession_sigHash_idx" ON "UserSession"("sigHash");
