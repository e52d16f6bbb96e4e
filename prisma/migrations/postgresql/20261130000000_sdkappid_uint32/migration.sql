-- An SDKAppID is an unsigned 32-bit integer: Tencent issues values above
-- 2^31 - 1, which PostgreSQL's `integer` cannot hold. `oid` holds exactly
-- 0..4294967295. Prisma's own diff would drop and re-add each column (losing
-- its data), so the columns are converted in place. The foreign keys go first
-- because a referencing integer column cannot point at an oid one mid-way.
ALTER TABLE "OperatorMembership" DROP CONSTRAINT "OperatorMembership_sdkAppId_fkey";
ALTER TABLE "SigningKey" DROP CONSTRAINT "SigningKey_sdkAppId_fkey";
ALTER TABLE "AppAdmin" DROP CONSTRAINT "AppAdmin_sdkAppId_fkey";
ALTER TABLE "Account" DROP CONSTRAINT "Account_sdkAppId_fkey";
ALTER TABLE "IssuedTicket" DROP CONSTRAINT "IssuedTicket_sdkAppId_fkey";
ALTER TABLE "UserSession" DROP CONSTRAINT "UserSession_sdkAppId_fkey";

ALTER TABLE "OperatorMembership" ALTER COLUMN "sdkAppId" SET DATA TYPE OID USING "sdkAppId"::oid;
ALTER TABLE "Application" ALTER COLUMN "sdkAppId" SET DATA TYPE OID USING "sdkAppId"::oid;
ALTER TABLE "SigningKey" ALTER COLUMN "sdkAppId" SET DATA TYPE OID USING "sdkAppId"::oid;
ALTER TABLE "AppAdmin" ALTER COLUMN "sdkAppId" SET DATA TYPE OID USING "sdkAppId"::oid;
ALTER TABLE "Account" ALTER COLUMN "sdkAppId" SET DATA TYPE OID USING "sdkAppId"::oid;
ALTER TABLE "IssuedTicket" ALTER COLUMN "sdkAppId" SET DATA TYPE OID USING "sdkAppId"::oid;
ALTER TABLE "UserSession" ALTER COLUMN "sdkAppId" SET DATA TYPE OID USING "sdkAppId"::oid;
ALTER TABLE "RevokedTicket" ALTER COLUMN "sdkAppId" SET DATA TYPE OID USING "sdkAppId"::oid;
ALTER TABLE "AuditEvent" ALTER COLUMN "sdkAppId" SET DATA TYPE OID USING "sdkAppId"::oid;

ALTER TABLE "OperatorMembership" ADD CONSTRAINT "OperatorMembership_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application"("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SigningKey" ADD CONSTRAINT "SigningKey_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application"("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AppAdmin" ADD CONSTRAINT "AppAdmin_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application"("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Account" ADD CONSTRAINT "Account_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application"("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "IssuedTicket" ADD CONSTRAINT "IssuedTicket_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application"("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "UserSession" ADD CONSTRAINT "UserSession_sdkAppId_fkey" FOREIGN KEY ("sdkAppId") REFERENCES "Application"("sdkAppId") ON DELETE CASCADE ON UPDATE CASCADE;
