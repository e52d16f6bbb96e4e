-- The console language an operator chose (issue 22); null follows the
-- language cookie, then the browser's Accept-Language.

-- AlterTable
ALTER TABLE "Operator" ADD COLUMN "locale" TEXT;
