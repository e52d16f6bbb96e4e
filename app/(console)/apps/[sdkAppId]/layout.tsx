import { notFound } from "next/navigation";
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
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{app.name}</h1>
        <Badge tone={app.status === "enabled" ? "green" : "gray"}>{app.status}</Badge>
        <span className="flex items-center gap-2 text-sm text-slate-600">
          SDKAppID{" "}
          <span className="font-mono text-slate-900" data-testid="sdkappid">
            {app.sdkAppId}
          </span>
          <CopyButton value={String(app.sdkAppId)} label="Copy SDKAppID" />
        </span>
      </div>
      <TabsNav
        label="Application sections"
        tabs={[
          { href: base, label: "Overview", exact: true },
          { href: `${base}/keys`, label: "Keys" },
          { href: `${base}/admins`, label: "Admins" },
          { href: `${base}/accounts`, label: "Accounts" },
          { href: `${base}/tools`, label: "UserSig tools" },
          { href: `${base}/callbacks`, label: "Callbacks" },
          { href: `${base}/audit`, label: "Audit" },
          { href: `${base}/api`, label: "API" },
          { href: `${base}/settings`, label: "Settings" },
        ]}
      />
      {children}
    </div>
  );
}
