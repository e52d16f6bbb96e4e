-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_UserSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "sdkAppId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "ip" TEXT NOT NULL DEFAULT '',
    "platform" TEXT NOT NULL DEFAULT 'Unknown',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    CONSTRAINT "UserSession_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application" ("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_UserSession" ("createdAt", "expiresAt", "id", "ip", "revokedAt", "sdkAppId", "tokenHash", "userId") SELECT "createdAt", "expiresAt", "id", "ip", "revokedAt", "sdkAppId", "tokenHash", "userId" FROM "UserSession";
DROP TABLE "UserSession";
ALTER TABLE "new_UserSession" RENAME TO "UserSession";
CREATE UNIQUE INDEX "UserSession_tokenHash_key" ON "UserSession"("tokenHash");
CREATE INDEX "UserSession_sdkAppId_userId_idx" ON "UserSession"("sdkAppId", "userId");
CREATE INDEX "UserSession_sdkAppId_createdAt_idx" ON "UserSession"("sdkAppId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

