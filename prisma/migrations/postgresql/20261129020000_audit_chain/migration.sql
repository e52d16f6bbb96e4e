-- CreateTable
CREATE TABLE "AuditSeal" (
    "eventId" INTEGER NOT NULL,
    "prevId" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "sealedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuditSeal_pkey" PRIMARY KEY ("eventId")
);

-- CreateTable
CREATE TABLE "AuditPruneGrant" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "AuditPruneGrant_pkey" PRIMARY KEY ("id")
);


-- Events and seals are append-only, and neither can be truncated. DELETE is
-- let through only while AuditPruneGrant holds a row, which `npm run
-- audit:prune` inserts and removes inside its own transaction (no other
-- transaction ever sees it).
CREATE FUNCTION "audit_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE FUNCTION "audit_delete_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "AuditPruneGrant") THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
DROP TRIGGER "AuditEvent_no_delete" ON "AuditEvent";
CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "audit_delete_guard"();
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent" FOR EACH STATEMENT EXECUTE FUNCTION "audit_append_only"();
CREATE TRIGGER "AuditSeal_no_update" BEFORE UPDATE ON "AuditSeal" FOR EACH ROW EXECUTE FUNCTION "audit_append_only"();
CREATE TRIGGER "AuditSeal_no_delete" BEFORE DELETE ON "AuditSeal" FOR EACH ROW EXECUTE FUNCTION "audit_delete_guard"();
CREATE TRIGGER "AuditSeal_no_truncate" BEFORE TRUNCATE ON "AuditSeal" FOR EACH STATEMENT EXECUTE FUNCTION "audit_append_only"();
