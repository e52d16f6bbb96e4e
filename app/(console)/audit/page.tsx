import { requirePageOperator } from "@/lib/auth/session";
import { listApps } from "@/lib/data/apps";
import { auditActorOptions } from "@/lib/data/audit-log";
import { AuditView, type AuditSearchParams } from "@/components/audit/audit-view";

export const metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<AuditSearchParams> }) {
  await requirePageOperator("audit.read");
  const [apps, actors] = await Promise.all([listApps(), auditActorOptions()]);
  return <AuditView params={await searchParams} basePath="/audit" apps={apps} actors={actors} />;
}
