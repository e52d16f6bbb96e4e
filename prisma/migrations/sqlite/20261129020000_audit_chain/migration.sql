-- CreateTable
CREATE TABLE "AuditSeal" (
    "eventId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "prevId" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "sealedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AuditPruneGrant" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);


-- Events and seals are append-only. DELETE is let through only while
-- AuditPruneGrant holds a row, which `npm run audit:prune` inserts and
-- removes inside its own transaction (no other transaction ever sees it).
DROP TRIGGER "AuditEvent_no_delete";
CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent"
WHEN NOT EXISTS (SELECT 1 FROM "AuditPruneGrant")
BEGIN
  SELECT RAISE(ABORT, 'AuditEvent is append-only');
END;
CREATE TRIGGER "AuditSeal_no_update" BEFORE UPDATE ON "AuditSeal"
BEGIN
  SELECT RAISE(ABORT, 'AuditSeal is append-only');
END;
CREATE TRIGGER "AuditSeal_no_delete" BEFORE DELETE ON "AuditSeal"
WHEN NOT EXISTS (SELECT 1 FROM "AuditPruneGrant")
BEGIN
  SELECT RAISE(ABORT, 'AuditSeal is append-only');
END;
