import { getFormatter, getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { systemStatus } from "@/lib/data/system-status";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { formatDate } from "@/components/ui/format";
import { Table, Td } from "@/components/ui/table";

export async function generateMetadata() {
  return { title: (await getTranslations("system"))("title") };
}

/** A fact's term and its value, in the page's definition lists. */
function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-wrap gap-x-3 py-1.5">
      <dt className="w-56 shrink-0 text-slate-600">{term}</dt>
      <dd className="min-w-0 font-medium break-words text-slate-900">{children}</dd>
    </div>
  );
}

export default async function SystemPage() {
  await requirePageOperator("system.read");
  const status = await systemStatus();
  const { database, sealing, callbacks, retention, verification, masterKey } = status;
  const [t, format] = await Promise.all([getTranslations("system"), getFormatter()]);
  const date = (value: Date | string) => formatDate(format, value);
  const seconds = (value: number) => t("seconds", { seconds: Math.round(value) });
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="space-y-6">
        <Card title={status.warnings.length === 0 ? t("healthy") : t("toLookAt", { count: status.warnings.length })}>
          {status.warnings.length === 0 ? (
            <p className="text-sm text-slate-700">{t("nothing")}</p>
          ) : (
            <ul className="space-y-3 text-sm">
              {status.warnings.map((warning) => (
                <li key={warning.kind} className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3">
                  <p className="font-medium text-amber-900">{t(`warnings.${warning.kind}.title`, warning.values)}</p>
                  <p className="mt-1 text-amber-900">{t(`warnings.${warning.kind}.fix`, warning.values)}</p>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t("versionTitle")}>
          <dl className="text-sm">
            <Fact term={t("version")}>{status.version}</Fact>
            <Fact term={t("build")}>{status.build ?? "—"}</Fact>
            <Fact term={t("database")}>{database.kind === "sqlite" ? "SQLite" : "PostgreSQL"}</Fact>
            <Fact term={t("migrationsApplied")}>
              {database.applied}
              {database.lastApplied && t("latest", { name: database.lastApplied })}
            </Fact>
            <Fact term={t("migrationsPending")}>
              {database.pending.length === 0 ? t("none") : <Badge tone="amber">{database.pending.length}</Badge>}
            </Fact>
          </dl>
        </Card>

        <Card title={t("processesTitle")} description={t("processesDescription")}>
          <Table
            label={t("processesTitle")}
            columns={[t("host"), "PID", t("role"), t("workers"), t("version"), t("started"), t("lastSeen")]}
            empty={<p className="text-sm text-slate-700">{t("noProcesses")}</p>}
          >
            {status.processes.map((process) => (
              <tr key={`${process.host}:${process.pid}`}>
                <Td>{process.host}</Td>
                <Td>{process.pid}</Td>
                <Td>
                  <Badge tone={process.role === "full" ? "indigo" : "gray"}>{process.role}</Badge>
                </Td>
                <Td>{process.workers}</Td>
                <Td>{process.version}</Td>
                <Td className="whitespace-nowrap">{date(process.startedAt)}</Td>
                <Td className="whitespace-nowrap">{date(process.seenAt)}</Td>
              </tr>
            ))}
          </Table>
        </Card>

        <Card title={t("jobsTitle")}>
          <dl className="text-sm">
            <Fact term={t("sealing")}>
              {sealing.unsealed === 0
                ? t("allSealed", { through: sealing.sealedThrough })
                : t("rowsWaiting", { count: sealing.unsealed, wait: seconds(sealing.lagSeconds) })}
            </Fact>
            <Fact term={t("callbacksWaiting")}>
              {callbacks.pending === 0
                ? t("none")
                : t("callbacksPending", { count: callbacks.pending, wait: seconds(callbacks.oldestPendingSeconds) })}
            </Fact>
            <Fact term={t("callbacksGivenUp")}>{callbacks.failedLastDay}</Fact>
            <Fact term={t("lastPurge")}>
              {retention
                ? t("purged", {
                    at: date(retention.at),
                    items: Object.entries(retention.details)
                      .map(([what, count]) => t("purgedItem", { what, count: String(count) }))
                      .join(t("listSeparator")),
                  })
                : t("notYet")}
            </Fact>
            <Fact term={t("lastVerify")}>
              {verification ? (
                <>
                  <Badge tone={verification.ok ? "green" : "red"}>{verification.ok ? t("passed") : t("failed")}</Badge>{" "}
                  {t("verifiedThrough", { at: date(verification.at), through: verification.through })}
                </>
              ) : (
                t("never")
              )}
            </Fact>
          </dl>
        </Card>

        <Card title={t("masterKeyTitle")}>
          <dl className="text-sm">
            <Fact term={t("currentKeyId")}>
              <code>{masterKey.id}</code>
            </Fact>
            <Fact term={t("previousKeys")}>
              {masterKey.previousIds.length === 0
                ? t("none")
                : masterKey.previousIds.map((id) => (
                    <code key={id} className="mr-2">
                      {id}
                    </code>
                  ))}
            </Fact>
            <Fact term={t("keysUnderPrevious")}>{masterKey.keysUnderPrevious}</Fact>
          </dl>
        </Card>
      </div>
    </>
  );
}
