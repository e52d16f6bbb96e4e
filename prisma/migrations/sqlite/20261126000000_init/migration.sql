-- CreateTable
CREATE TABLE "Operator" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "lastSignInAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Throttle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" DATETIME NOT NULL,
    "blockedUntil" DATETIME
);

-- CreateTable
CREATE TABLE "Application" (
    "sdkAppId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'enabled',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SigningKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sdkAppId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "ciphertext" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "verifyUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" DATETIME,
    CONSTRAINT "SigningKey_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application" ("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AppAdmin" (
    "sdkAppId" INTEGER NOT NULL,
    "identifier" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("sdkAppId", "identifier"),
    CONSTRAINT "AppAdmin_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application" ("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sdkAppId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "externalId" TEXT,
    "nickname" TEXT NOT NULL DEFAULT '',
    "faceUrl" TEXT NOT NULL DEFAULT '',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "loginNotBefore" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Account_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application" ("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IssuedTicket" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sdkAppId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "time" INTEGER NOT NULL,
    "expire" INTEGER NOT NULL,
    "sigHash" TEXT NOT NULL,
    "keyVersion" INTEGER NOT NULL,
    "issuer" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "IssuedTicket_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application" ("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UserSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "sdkAppId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "ip" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    CONSTRAINT "UserSession_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application" ("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL DEFAULT '',
    "sdkAppId" INTEGER,
    "ip" TEXT NOT NULL DEFAULT '',
    "result" TEXT NOT NULL,
    "code" INTEGER,
    "details" TEXT NOT NULL DEFAULT '{}'
);

-- CreateIndex
CREATE UNIQUE INDEX "Operator_email_key" ON "Operator"("email");

-- CreateIndex
CREATE UNIQUE INDEX "SigningKey_sdkAppId_version_key" ON "SigningKey"("sdkAppId", "version");

-- CreateIndex
CREATE INDEX "Account_sdkAppId_createdAt_idx" ON "Account"("sdkAppId", "createdAt");

-- CreateIndex
CREATE INDEX "Account_sdkAppId_externalId_idx" ON "Account"("sdkAppId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Account_sdkAppId_userId_key" ON "Account"("sdkAppId", "userId");

-- CreateIndex
CREATE INDEX "IssuedTicket_sdkAppId_userId_createdAt_idx" ON "IssuedTicket"("sdkAppId", "userId", "createdAt");

-- CreateIndex
CREATE INDEX "IssuedTicket_sdkAppId_createdAt_idx" ON "IssuedTicket"("sdkAppId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "UserSession_tokenHash_key" ON "UserSession"("tokenHash");

-- CreateIndex
CREATE INDEX "UserSession_sdkAppId_userId_idx" ON "UserSession"("sdkAppId", "userId");

-- CreateIndex
CREATE INDEX "UserSession_sdkAppId_createdAt_idx" ON "UserSession"("sdkAppId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_sdkAppId_at_idx" ON "AuditEvent"("sdkAppId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_actor_at_idx" ON "AuditEvent"("actor", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_result_at_idx" ON "AuditEvent"("result", "at");


-- The audit trail is append-only: refuse UPDATE and DELETE at the database.
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent"
BEGIN
  SELECT RAISE(ABORT, 'AuditEvent is append-only');
END;
CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent"
BEGIN
  SELECT RAISE(ABORT, 'AuditEvent is append-only');
END;
