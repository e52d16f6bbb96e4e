-- AlterTable
ALTER TABLE "UserSession" ADD COLUMN     "sigHash" TEXT;

-- CreateTable
CREATE TABLE "RevokedTicket" (
    "sigHash" TEXT NOT NULL,
    "sdkAppId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedBy" TEXT NOT NULL,

    CONSTRAINT "RevokedTicket_pkey" PRIMARY KEY ("sigHash")
);

-- CreateIndex
CREATE INDEX "RevokedTicket_expiresAt_idx" ON "RevokedTicket"("expiresAt");

-- CreateIndex
CREATE INDEX "UserSession_sigHash_idx" ON "UserSession"("sigHash");
