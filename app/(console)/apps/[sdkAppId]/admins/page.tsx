import { getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { listAdmins, MAX_APP_ADMINS } from "@/lib/data/admins";
import { AdminsClient } from "@/app/(console)/apps/[sdkAppId]/admins/admins-client";

export async function generateMetadata() {
  return { title: (await getTranslations("admins"))("metaTitle") };
}

export default async function AdminsPage({ params }: { params: Promise<{ sdkAppId: string }> }) {
  const sdkAppId = Number((await params).sdkAppId);
  const operator = await requirePageOperator("console.read", sdkAppId);
  const admins = await listAdmins(sdkAppId);
  return (
    <AdminsClient
      sdkAppId={sdkAppId}
      max={MAX_APP_ADMINS}
      canWrite={operator.can("admins.write")}
      admins={admins.map((admin) => ({
        identifier: admin.identifier,
        builtIn: admin.builtIn,
        createdAt: admin.createdAt.toISOString(),
      }))}
    />
  );
}
