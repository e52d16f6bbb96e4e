import { getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { listApps } from "@/lib/data/apps";
import { visibleApps } from "@/lib/auth/permissions";
import { auditActorOptions, listAuditEvents } from "@/lib/data/audit-log";
import { lastVerification } from "@/lib/data/audit-chain";
import { auditFilter } from "@/lib/validations/audit";
import { AuditView, type AuditSearchParams } from "@/components/audit/audit-view";

export async function generateMetadata() {
  return { title: (await getTranslations("audit"))("title") };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<AuditSearchParams> }) {
  const operator = await requirePageOperator("audit.read");
  const params = await searchParams;
  const visible = visibleApps(operator.access);
  const [apps, actors, { events, next }, chain] = await Promise.all([
    listApps(visible),
    auditActorOptions(visible),
    listAuditEvents({ ...auditFilter(params), visibleApps: visible }, params.before),
    lastVerification(),
  ]);
  return (
    <AuditView
      params={params}
      basePath="/audit"
      titleAs="h1"
      apps={apps}
      actors={actors}
      events={events}
      next={next}
      chain={chain}
    />
  );
}
