-- Counters the console reads instead of counting millions of rows: an app's
-- accounts, and each key's tickets in the ledger with the newest one's time.
-- Triggers keep them, so every writer is counted (first logins, imports,
-- admins, deletions, cascades, purges) and INSERT ... ON CONFLICT DO NOTHING
-- counts only the rows it inserted.
ALTER TABLE "Application" ADD COLUMN "accountCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "SigningKey" ADD COLUMN "signedCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "SigningKey" ADD COLUMN "lastSignedAt" DATETIME;

UPDATE "Application" SET "accountCount" = c."n"
FROM (SELECT "sdkAppId", count(*) AS "n" FROM "Account" GROUP BY "sdkAppId") AS c
WHERE c."sdkAppId" = "Application"."sdkAppId";

UPDATE "SigningKey" SET "signedCount" = u."n", "lastSignedAt" = u."last"
FROM (SELECT "sdkAppId", "keyVersion", count(*) AS "n", max("createdAt") AS "last" FROM "IssuedTicket" GROUP BY "sdkAppId", "keyVersion") AS u
WHERE u."sdkAppId" = "SigningKey"."sdkAppId" AND u."keyVersion" = "SigningKey"."version";

CREATE TRIGGER "Account_count_insert" AFTER INSERT ON "Account"
BEGIN
  UPDATE "Application" SET "accountCount" = "accountCount" + 1 WHERE "sdkAppId" = NEW."sdkAppId";
END;
CREATE TRIGGER "Account_count_delete" AFTER DELETE ON "Account"
BEGIN
  UPDATE "Application" SET "accountCount" = "accountCount" - 1 WHERE "sdkAppId" = OLD."sdkAppId";
END;
CREATE TRIGGER "IssuedTicket_count_insert" AFTER INSERT ON "IssuedTicket"
BEGIN
  UPDATE "SigningKey" SET "signedCount" = "signedCount" + 1,
    "lastSignedAt" = CASE WHEN "lastSignedAt" IS NULL OR "lastSignedAt" < NEW."createdAt" THEN NEW."createdAt" ELSE "lastSignedAt" END
  WHERE "sdkAppId" = NEW."sdkAppId" AND "version" = NEW."keyVersion";
END;
CREATE TRIGGER "IssuedTicket_count_delete" AFTER DELETE ON "IssuedTicket"
BEGIN
  UPDATE "SigningKey" SET "signedCount" = "signedCount" - 1 WHERE "sdkAppId" = OLD."sdkAppId" AND "version" = OLD."keyVersion";
END;
