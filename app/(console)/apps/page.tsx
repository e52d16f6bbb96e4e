import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { listApps } from "@/lib/data/apps";
import { visibleApps } from "@/lib/auth/permissions";
import { Badge } from "@/components/ui/badge";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { formatDate } from "@/components/ui/format";
import { Table, Td } from "@/components/ui/table";
import { CreateAppButton, ImportAppButton } from "@/app/(console)/apps/create-app-client";

export async function generateMetadata() {
  return { title: (await getTranslations("apps"))("title") };
}

export default async function AppsPage() {
  const operator = await requirePageOperator("console.read");
  const apps = await listApps(visibleApps(operator.access));
  const [t, format] = await Promise.all([getTranslations("apps"), getFormatter()]);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          operator.can("apps.write") && (
            <div className="flex gap-2">
              {operator.role !== "scoped" && <ImportAppButton />}
              <CreateAppButton />
            </div>
          )
        }
      />
      <Table
        label={t("title")}
        columns={[t("name"), "SDKAppID", t("status"), { label: t("accounts"), className: "text-right" }, t("created")]}
        empty={
          <EmptyState title={t("empty")}>{operator.can("apps.write") ? t("emptyCreate") : t("emptyAsk")}</EmptyState>
        }
      >
        {apps.map((app) => (
          <tr key={app.sdkAppId} className="hover:bg-slate-50">
            <Td>
              <Link href={`/apps/${app.sdkAppId}`} className="font-medium text-indigo-700 hover:underline">
                {app.name}
              </Link>
            </Td>
            <Td className="font-mono">{app.sdkAppId}</Td>
            <Td>
              <Badge tone={app.status === "enabled" ? "green" : "gray"}>{t("statuses", { status: app.status })}</Badge>
            </Td>
            <Td className="text-right tabular-nums">{format.number(app.accountCount)}</Td>
            <Td className="whitespace-nowrap text-slate-600">{formatDate(format, app.createdAt)}</Td>
          </tr>
        ))}
      </Table>
    </>
  );
}
