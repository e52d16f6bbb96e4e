import { getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { visibleApps } from "@/lib/auth/permissions";
import { auditActorOptions, listAuditEvents } from "@/lib/data/audit-log";
import { lastVerification } from "@/lib/data/audit-chain";
import { auditFilter } from "@/lib/validations/audit";
import { AuditView, type AuditSearchParams } from "@/components/audit/audit-view";

export async function generateMetadata() {
  return { title: (await getTranslations("app"))("tabs.audit") };
}

export default async function AppAuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ sdkAppId: string }>;
  searchParams: Promise<AuditSearchParams>;
}) {
  const sdkAppId = Number((await params).sdkAppId);
  const operator = await requirePageOperator("audit.read", sdkAppId);
  const query = await searchParams;
  const [actors, { events, next }, chain] = await Promise.all([
    auditActorOptions(visibleApps(operator.access)),
    listAuditEvents(auditFilter(query, sdkAppId), query.before),
    lastVerification(),
  ]);
  return (
    <AuditView
      params={query}
      basePath={`/apps/${sdkAppId}/audit`}
      actors={actors}
      fixedApp={sdkAppId}
      events={events}
      next={next}
      chain={chain}
    />
  );
}
