-- AlterTable
ALTER TABLE "UserSession" ADD COLUMN     "platform" TEXT NOT NULL DEFAULT 'Unknown';

