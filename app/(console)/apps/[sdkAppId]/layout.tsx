import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { findApp } from "@/lib/data/apps";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { TabsNav } from "@/components/ui/tabs-nav";

export default async function AppLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ sdkAppId: string }>;
}) {
  const sdkAppId = Number((await params).sdkAppId);
  await requirePageOperator("console.read", sdkAppId);
  const app = await findApp(sdkAppId);
  if (!app) notFound();
  const base = `/apps/${app.sdkAppId}`;
  const t = await getTranslations("app");
  const apps = await getTranslations("apps");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{app.name}</h1>
        <Badge tone={app.status === "enabled" ? "green" : "gray"}>{apps("statuses", { status: app.status })}</Badge>
        <span className="flex items-center gap-2 text-sm text-slate-600">
          SDKAppID{" "}
          <span className="font-mono text-slate-900" data-testid="sdkappid">
            {app.sdkAppId}
          </span>
          <CopyButton value={String(app.sdkAppId)} label={t("copySdkAppId")} />
        </span>
      </div>
      <TabsNav
        label={t("sections")}
        tabs={[
          { href: base, label: t("tabs.overview"), exact: true },
          { href: `${base}/keys`, label: t("tabs.keys") },
          { href: `${base}/admins`, label: t("tabs.admins") },
          { href: `${base}/accounts`, label: t("tabs.accounts") },
          { href: `${base}/tools`, label: t("tabs.tools") },
          { href: `${base}/callbacks`, label: t("tabs.callbacks") },
          { href: `${base}/audit`, label: t("tabs.audit") },
          { href: `${base}/api`, label: t("tabs.api") },
          { href: `${base}/settings`, label: t("tabs.settings") },
        ]}
      />
      {children}
    </div>
  );
}
