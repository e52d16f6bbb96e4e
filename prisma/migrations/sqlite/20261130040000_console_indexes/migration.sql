-- Indexes for the console at millions of rows. An account's sessions are read
-- newest first, so that index ends in "createdAt" (it replaces the one on
-- "sdkAppId", "userId", which it serves too). Each audit filter within one
-- application gets its own index: without one SQLite walked the
-- application's rows looking for a rare action or operator (4 s at 10M rows).
-- On a large trail these take a while to build (about 15 s each per 10M rows
-- on SQLite), and audit writes wait meanwhile.

-- DropIndex
DROP INDEX "UserSession_sdkAppId_userId_idx";

-- CreateIndex
CREATE INDEX "UserSession_sdkAppId_userId_createdAt_idx" ON "UserSession"("sdkAppId", "userId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_sdkAppId_actor_at_idx" ON "AuditEvent"("sdkAppId", "actor", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_sdkAppId_action_at_idx" ON "AuditEvent"("sdkAppId", "action", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_sdkAppId_result_at_idx" ON "AuditEvent"("sdkAppId", "result", "at");
