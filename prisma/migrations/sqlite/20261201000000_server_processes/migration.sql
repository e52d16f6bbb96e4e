-- Each server process's heartbeat, for the console's System page.

-- CreateTable
CREATE TABLE "ServerProcess" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "workers" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "seenAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ServerProcess_seenAt_idx" ON "ServerProcess"("seenAt");
