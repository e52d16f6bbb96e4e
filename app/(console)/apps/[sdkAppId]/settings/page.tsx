import { getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { getApp } from "@/lib/data/apps";
import { AppSettings } from "@/app/(console)/apps/[sdkAppId]/settings/settings-client";

export async function generateMetadata() {
  return { title: (await getTranslations("app"))("tabs.settings") };
}

export default async function SettingsPage({ params }: { params: Promise<{ sdkAppId: string }> }) {
  const sdkAppId = Number((await params).sdkAppId);
  const operator = await requirePageOperator("console.read", sdkAppId);
  const app = await getApp(sdkAppId);
  return (
    <AppSettings sdkAppId={app.sdkAppId} name={app.name} status={app.status} canWrite={operator.can("apps.write")} />
  );
}
