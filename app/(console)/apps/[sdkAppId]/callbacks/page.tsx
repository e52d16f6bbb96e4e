import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { getCallbackConfig } from "@/lib/data/callback-config";
import { type DeliveryDto, listDeliveries } from "@/lib/data/callback-outbox";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState } from "@/components/ui/card";
import { formatDate } from "@/components/ui/format";
import { localizeError } from "@/lib/i18n/error-messages";
import { Table, Td, Th } from "@/components/ui/table";
import { CallbackForm, RefreshButton, ResendButton } from "@/app/(console)/apps/[sdkAppId]/callbacks/callbacks-client";

export async function generateMetadata() {
  return { title: (await getTranslations("callbacks"))("metaTitle") };
}

const STATUS_TONE = { delivered: "green", pending: "amber", failed: "red" } as const;

type Translate = Awaited<ReturnType<typeof getTranslations<"callbacks">>>;

function outcome(delivery: DeliveryDto, t: Translate): string {
  if (delivery.attempts === 0) return "—";
  const status = delivery.lastStatus === null ? t("noAnswer") : `HTTP ${delivery.lastStatus}`;
  return delivery.latencyMs === null ? status : t("answerWithLatency", { status, ms: delivery.latencyMs });
}

export default async function CallbacksPage({
  params,
  searchParams,
}: {
  params: Promise<{ sdkAppId: string }>;
  searchParams: Promise<{ before?: string }>;
}) {
  const sdkAppId = Number((await params).sdkAppId);
  const operator = await requirePageOperator("console.read", sdkAppId);
  const before = Number((await searchParams).before);
  const canWrite = operator.can("apps.write");
  const [config, { deliveries, pending, failed, more }] = await Promise.all([
    getCallbackConfig(sdkAppId, { withQuery: canWrite }),
    listDeliveries(sdkAppId, Number.isSafeInteger(before) && before > 0 ? before : undefined),
  ]);
  const base = `/apps/${sdkAppId}/callbacks`;
  const [t, errors, format] = await Promise.all([
    getTranslations("callbacks"),
    getTranslations("errors"),
    getFormatter(),
  ]);
  return (
    <div className="space-y-6">
      {config?.refused && (
        <section
          aria-label={t("refusedLabel")}
          className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
        >
          <strong>{t("refusedHeading")}</strong> {localizeError(config.refused, (key, values) => errors(key, values))}
        </section>
      )}
      <CallbackForm
        sdkAppId={sdkAppId}
        canWrite={canWrite}
        config={
          config && {
            url: config.url,
            actions: config.actions,
            hasToken: config.hasToken,
            updatedAt: config.updatedAt.toISOString(),
          }
        }
      />
      <Card
        title={t("deliveriesTitle")}
        description={t("deliveriesDescription", { pending, failed })}
        actions={<RefreshButton />}
      >
        <div className="space-y-4">
          {deliveries.length === 0 ? (
            <EmptyState title={t("noDeliveries")}>{config ? t("noDeliveriesHint") : t("configureFirst")}</EmptyState>
          ) : (
            <Table label={t("deliveries")}>
              <thead>
                <tr>
                  <Th>{t("eventTime")}</Th>
                  <Th>UserID</Th>
                  <Th>{t("event")}</Th>
                  <Th>{t("status")}</Th>
                  <Th>{t("attempts")}</Th>
                  <Th>{t("lastAnswer")}</Th>
                  <Th>{t("lastError")}</Th>
                  <Th>
                    <span className="sr-only">{t("actionsColumn")}</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {deliveries.map((delivery) => (
                  <tr key={delivery.id} data-testid={`delivery-${delivery.id}`}>
                    <Td className="whitespace-nowrap text-slate-600">{formatDate(format, delivery.eventTime)}</Td>
                    <Td className="font-mono">{delivery.userId}</Td>
                    <Td className="whitespace-nowrap">
                      {delivery.action} <span className="text-slate-500">({delivery.reason})</span>
                    </Td>
                    <Td>
                      <Badge tone={STATUS_TONE[delivery.status]}>{t("statuses", { status: delivery.status })}</Badge>
                      {delivery.status === "pending" && delivery.attempts > 0 && (
                        <div className="mt-1 text-xs text-slate-500">
                          {t("nextAttempt", { at: formatDate(format, delivery.nextAttemptAt) })}
                        </div>
                      )}
                    </Td>
                    <Td>{delivery.attempts}</Td>
                    <Td className="whitespace-nowrap">{outcome(delivery, t)}</Td>
                    <Td className="max-w-72 break-words text-slate-600">{delivery.lastError ?? "—"}</Td>
                    <Td className="text-right">
                      {canWrite && delivery.status !== "pending" && (
                        <ResendButton sdkAppId={sdkAppId} id={delivery.id} />
                      )}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          <nav aria-label={t("pagination")} className="flex justify-between text-sm">
            {before > 0 ? (
              <Link className="text-indigo-700 hover:underline" href={base}>
                {t("newest")}
              </Link>
            ) : (
              <span />
            )}
            {more && (
              <Link className="text-indigo-700 hover:underline" href={`${base}?before=${deliveries.at(-1)!.id}`}>
                {t("older")}
              </Link>
            )}
          </nav>
        </div>
      </Card>
    </div>
  );
}
