-- Counters the console reads instead of counting millions of rows: an app's
-- accounts, and each key's tickets in the ledger with the newest one's time.
-- Triggers keep them, so every writer is counted (first logins, imports,
-- admins, deletions, cascades, purges) and INSERT ... ON CONFLICT DO NOTHING
-- counts only the rows it inserted.
ALTER TABLE "Application" ADD COLUMN "accountCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "SigningKey" ADD COLUMN "lastSignedAt" TIMESTAMP(3),
ADD COLUMN "signedCount" INTEGER NOT NULL DEFAULT 0;

UPDATE "Application" AS a SET "accountCount" = c."n"
FROM (SELECT "sdkAppId", count(*) AS "n" FROM "Account" GROUP BY "sdkAppId") AS c
WHERE c."sdkAppId" = a."sdkAppId";

UPDATE "SigningKey" AS k SET "signedCount" = u."n", "lastSignedAt" = u."last"
FROM (SELECT "sdkAppId", "keyVersion", count(*) AS "n", max("createdAt") AS "last" FROM "IssuedTicket" GROUP BY "sdkAppId", "keyVersion") AS u
WHERE u."sdkAppId" = k."sdkAppId" AND u."keyVersion" = k."version";

-- Once per statement, over its transition table: a row-level trigger would
-- update the counter row once per row, and PostgreSQL makes each further
-- update of one row inside a transaction slower than the last (a bulk import).
CREATE FUNCTION "account_count_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Application" AS a SET "accountCount" = a."accountCount" + c."n"
  FROM (SELECT "sdkAppId", count(*) AS "n" FROM "inserted" GROUP BY "sdkAppId") AS c
  WHERE a."sdkAppId" = c."sdkAppId";
  RETURN NULL;
END $$;
CREATE FUNCTION "account_count_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Application" AS a SET "accountCount" = a."accountCount" - c."n"
  FROM (SELECT "sdkAppId", count(*) AS "n" FROM "deleted" GROUP BY "sdkAppId") AS c
  WHERE a."sdkAppId" = c."sdkAppId";
  RETURN NULL;
END $$;
CREATE FUNCTION "ticket_count_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "SigningKey" AS k SET "signedCount" = k."signedCount" + c."n", "lastSignedAt" = GREATEST(k."lastSignedAt", c."last")
  FROM (SELECT "sdkAppId", "keyVersion", count(*) AS "n", max("createdAt") AS "last" FROM "inserted" GROUP BY "sdkAppId", "keyVersion") AS c
  WHERE k."sdkAppId" = c."sdkAppId" AND k."version" = c."keyVersion";
  RETURN NULL;
END $$;
CREATE FUNCTION "ticket_count_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "SigningKey" AS k SET "signedCount" = k."signedCount" - c."n"
  FROM (SELECT "sdkAppId", "keyVersion", count(*) AS "n" FROM "deleted" GROUP BY "sdkAppId", "keyVersion") AS c
  WHERE k."sdkAppId" = c."sdkAppId" AND k."version" = c."keyVersion";
  RETURN NULL;
END $$;
CREATE TRIGGER "Account_count_insert" AFTER INSERT ON "Account" REFERENCING NEW TABLE AS "inserted" FOR EACH STATEMENT EXECUTE FUNCTION "account_count_insert"();
CREATE TRIGGER "Account_count_delete" AFTER DELETE ON "Account" REFERENCING OLD TABLE AS "deleted" FOR EACH STATEMENT EXECUTE FUNCTION "account_count_delete"();
CREATE TRIGGER "IssuedTicket_count_insert" AFTER INSERT ON "IssuedTicket" REFERENCING NEW TABLE AS "inserted" FOR EACH STATEMENT EXECUTE FUNCTION "ticket_count_insert"();
CREATE TRIGGER "IssuedTicket_count_delete" AFTER DELETE ON "IssuedTicket" REFERENCING OLD TABLE AS "deleted" FOR EACH STATEMENT EXECUTE FUNCTION "ticket_count_delete"();
