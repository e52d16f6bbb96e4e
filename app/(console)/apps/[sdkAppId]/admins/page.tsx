import { requirePageOperator } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listAdmins, MAX_APP_ADMINS } from "@/lib/data/admins";
import { AdminsClient } from "@/app/(console)/apps/[sdkAppId]/admins/admins-client";

export const metadata = { title: "App admins" };

export default async function AdminsPage({ params }: { params: Promise<{ sdkAppId: string }> }) {
  const operator = await requirePageOperator("console.read");
  const sdkAppId = Number((await params).sdkAppId);
  const admins = await listAdmins(sdkAppId);
  return (
    <AdminsClient
      sdkAppId={sdkAppId}
      max={MAX_APP_ADMINS}
      canWrite={can(operator.role, "admins.write")}
      admins={admins.map((admin) => ({ identifier: admin.identifier, builtIn: admin.builtIn, createdAt: admin.createdAt.toISOString() }))}
    />
  );
}
