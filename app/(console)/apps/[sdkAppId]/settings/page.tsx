import { requirePageOperator } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getApp } from "@/lib/data/apps";
import { AppSettings } from "@/app/(console)/apps/[sdkAppId]/settings/settings-client";

export const metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ sdkAppId: string }> }) {
  const operator = await requirePageOperator("console.read");
  const app = await getApp(Number((await params).sdkAppId));
  return <AppSettings sdkAppId={app.sdkAppId} name={app.name} status={app.status} canWrite={can(operator.role, "apps.write")} />;
}
