import { requirePageOperator } from "@/lib/auth/session";
import { auditActorOptions } from "@/lib/data/audit-log";
import { AuditView, type AuditSearchParams } from "@/components/audit/audit-view";

export const metadata = { title: "Audit" };

export default async function AppAuditPage({ params, searchParams }: { params: Promise<{ sdkAppId: string }>; searchParams: Promise<AuditSearchParams> }) {
  await requirePageOperator("audit.read");
  const sdkAppId = Number((await params).sdkAppId);
  return <AuditView params={await searchParams} basePath={`/apps/${sdkAppId}/audit`} actors={await auditActorOptions()} fixedApp={sdkAppId} />;
}
