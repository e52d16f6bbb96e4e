-- State callbacks are claimed per application (issue 19): each app's due
-- deliveries are read in "nextAttemptAt" order from this index, so an app
-- whose receiver is dead, with its backlog, costs other apps' claims nothing.

-- CreateIndex
CREATE INDEX "CallbackDelivery_status_sdkAppId_nextAttemptAt_idx" ON "CallbackDelivery"("status", "sdkAppId", "nextAttemptAt");
