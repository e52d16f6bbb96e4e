import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import type { Verification } from "@/lib/data/audit-chain";
import type { AuditEventDto } from "@/lib/data/audit-log";
import { type AuditSearchParams } from "@/lib/validations/audit";
import { AUDIT_ACTION_NAMES, auditActionKey, isAuditAction } from "@/lib/audit-actions";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { Table, Td } from "@/components/ui/table";

export type { AuditSearchParams };

const resultTone = { ok: "green", denied: "amber", rejected: "red", error: "red" } as const;

/** `titleAs="h1"` on the console-wide page, where the log is the page; an application's tab sits under the application's name. */
export function AuditView({
  params,
  basePath,
  titleAs,
  apps,
  actors,
  fixedApp,
  events,
  next,
  chain,
}: {
  params: AuditSearchParams;
  basePath: string;
  titleAs?: "h1" | "h2";
  apps?: { sdkAppId: number; name: string }[];
  actors: string[];
  fixedApp?: number;
  events: AuditEventDto[];
  next: string | null;
  chain: Verification | null;
}) {
  const before = params.before;
  const keep = Object.fromEntries(Object.entries(params).filter(([key, value]) => key !== "before" && value)) as Record<
    string,
    string
  >;
  const t = useTranslations("audit");
  const label = useTranslations("auditActions");
  const format = useFormatter();
  const exportQuery = new URLSearchParams({ ...keep, ...(fixedApp !== undefined && { app: String(fixedApp) }) });
  return (
    <Card
      title={t("title")}
      titleAs={titleAs}
      description={
        <>
          {t("description")}
          <ChainStatus chain={chain} />
        </>
      }
      actions={
        <a href={`/audit/export?${exportQuery}`} download className={buttonVariants({ variant: "secondary" })}>
          {t("exportCsv")}
        </a>
      }
    >
      <div className="space-y-4">
        <form
          action={basePath}
          className="grid gap-3 sm:grid-cols-3 lg:grid-cols-7 lg:items-end"
          aria-label={t("filterLabel")}
        >
          {apps && (
            <Select label={t("application")} name="app" defaultValue={params.app ?? ""}>
              <option value="">{t("all")}</option>
              {apps.map((app) => (
                <option key={app.sdkAppId} value={app.sdkAppId}>
                  {app.name} ({app.sdkAppId})
                </option>
              ))}
            </Select>
          )}
          <Select label={t("operator")} name="actor" defaultValue={params.actor ?? ""}>
            <option value="">{t("all")}</option>
            {actors.map((actor) => (
              <option key={actor} value={actor}>
                {actor}
              </option>
            ))}
          </Select>
          <Select label={t("action")} name="action" defaultValue={params.action ?? ""}>
            <option value="">{t("all")}</option>
            {AUDIT_ACTION_NAMES.map((action) => (
              <option key={action} value={action}>
                {label(auditActionKey(action))} ({action})
              </option>
            ))}
          </Select>
          <Select label={t("result")} name="result" defaultValue={params.result ?? ""}>
            <option value="">{t("all")}</option>
            {Object.keys(resultTone).map((result) => (
              <option key={result} value={result}>
                {t("results", { result })}
              </option>
            ))}
          </Select>
          <Input label={t("from")} name="from" type="date" defaultValue={params.from} />
          <Input label={t("to")} name="to" type="date" defaultValue={params.to} />
          <div className="flex gap-2">
            <Button type="submit" variant="secondary">
              {t("filter")}
            </Button>
            <Link href={basePath} className="px-2 py-2 text-sm text-indigo-700 hover:underline">
              {t("reset")}
            </Link>
          </div>
        </form>
        <Table
          label={t("events")}
          columns={[t("when"), t("actor"), t("action"), t("target"), t("app"), t("result"), t("details")]}
          empty={<EmptyState title={t("noEvents")} />}
        >
          {events.map((event) => (
            <tr key={event.id}>
              <Td className="whitespace-nowrap">{formatDate(format, event.at)}</Td>
              <Td className="whitespace-nowrap">
                {event.actor}
                <span className="block text-xs text-slate-500">
                  {/* ICU select keys cannot hold "-" ("app-admin"). */}
                  {t("actorTypes", { type: event.actorType.replaceAll("-", "_") })}
                  {event.ip && ` · ${event.ip}`}
                </span>
              </Td>
              <Td className="text-xs whitespace-nowrap">
                <span className="block">
                  {isAuditAction(event.action) ? label(auditActionKey(event.action)) : event.action}
                </span>
                <span className="block font-mono text-slate-500">{event.action}</span>
              </Td>
              <Td className="min-w-32 font-mono text-xs break-all">{event.target}</Td>
              <Td className="font-mono text-xs">{event.sdkAppId ?? "—"}</Td>
              <Td>
                <Badge tone={resultTone[event.result as keyof typeof resultTone] ?? "gray"}>
                  {t("results", { result: event.result })}
                  {event.code ? ` ${event.code}` : ""}
                </Badge>
                {event.count > 1 && (
                  <span className="block text-xs text-slate-500">
                    {t("repeated", { count: event.count, last: formatDate(format, event.lastAt) })}
                  </span>
                )}
              </Td>
              <Td className="min-w-64 text-xs text-slate-600">
                <Details json={event.details} />
              </Td>
            </tr>
          ))}
        </Table>
        <nav aria-label={t("pagination")} className="flex justify-between text-sm">
          {before ? (
            <Link className="text-indigo-700 hover:underline" href={`${basePath}?${new URLSearchParams(keep)}`}>
              {t("newest")}
            </Link>
          ) : (
            <span />
          )}
          {next && (
            <Link
              className="text-indigo-700 hover:underline"
              href={`${basePath}?${new URLSearchParams({ ...keep, before: next })}`}
            >
              {t("older")}
            </Link>
          )}
        </nav>
      </div>
    </Card>
  );
}

/** The last `npm run audit:verify`: whether the hash chain over the trail was intact. */
function ChainStatus({ chain }: { chain: Verification | null }) {
  const t = useTranslations("audit");
  const format = useFormatter();
  const text = !chain
    ? t.rich("chainNever", { code: (chunks) => <code>{chunks}</code> })
    : chain.ok
      ? t("chainVerified", { through: chain.through, at: formatDate(format, chain.at) })
      : t("chainFailed", { at: formatDate(format, chain.at), problem: chain.problem ?? "" });
  return (
    <span className={cn("mt-1 block text-xs", chain?.ok === false ? "font-medium text-red-700" : "text-slate-500")}>
      {text}
    </span>
  );
}

function Details({ json }: { json: string }) {
  let entries: [string, unknown][];
  try {
    entries = Object.entries(JSON.parse(json) as Record<string, unknown>);
  } catch {
    return <span className="font-mono break-all">{json}</span>;
  }
  return (
    <>
      {entries.map(([key, value]) => (
        <span key={key} className="block break-words">
          <span className="text-slate-500">{key}:</span>{" "}
          {typeof value === "object" ? JSON.stringify(value) : String(value)}
        </span>
      ))}
    </>
  );
}
