import Link from "next/link";
import { requirePageOperator } from "@/lib/auth/session";
import { getCallbackConfig } from "@/lib/data/callback-config";
import { type DeliveryDto, listDeliveries } from "@/lib/data/callback-outbox";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState } from "@/components/ui/card";
import { formatDate } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import { CallbackForm, RefreshButton, ResendButton } from "@/app/(console)/apps/[sdkAppId]/callbacks/callbacks-client";

export const metadata = { title: "State callbacks" };

const STATUS_TONE = { delivered: "green", pending: "amber", failed: "red" } as const;

function outcome(delivery: DeliveryDto): string {
  if (delivery.attempts === 0) return "—";
  const status = delivery.lastStatus === null ? "no answer" : `HTTP ${delivery.lastStatus}`;
  return delivery.latencyMs === null ? status : `${status}, ${delivery.latencyMs} ms`;
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
  return (
    <div className="space-y-6">
      {config?.refused && (
        <section
          aria-label="Callback URL refused"
          className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
        >
          <strong>Nothing is sent to the configured URL.</strong> {config.refused}
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
        title="Recent deliveries"
        description={`${pending} waiting, ${failed} failed. Each is retried with back-off for an hour after its first attempt, then marked failed; finished deliveries are kept for 7 days.`}
        actions={<RefreshButton />}
      >
        <div className="space-y-4">
          {deliveries.length === 0 ? (
            <EmptyState title="No deliveries yet">
              {config
                ? "Log a user in to this application to send the first one."
                : "Configure a callback URL above to start sending events."}
            </EmptyState>
          ) : (
            <Table label="Deliveries">
              <thead>
                <tr>
                  <Th>Event time</Th>
                  <Th>UserID</Th>
                  <Th>Event</Th>
                  <Th>Status</Th>
                  <Th>Attempts</Th>
                  <Th>Last answer</Th>
                  <Th>Last error</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {deliveries.map((delivery) => (
                  <tr key={delivery.id} data-testid={`delivery-${delivery.id}`}>
                    <Td className="whitespace-nowrap text-slate-600">{formatDate(delivery.eventTime)}</Td>
                    <Td className="font-mono">{delivery.userId}</Td>
                    <Td className="whitespace-nowrap">
                      {delivery.action} <span className="text-slate-500">({delivery.reason})</span>
                    </Td>
                    <Td>
                      <Badge tone={STATUS_TONE[delivery.status]}>{delivery.status}</Badge>
                      {delivery.status === "pending" && delivery.attempts > 0 && (
                        <div className="mt-1 text-xs text-slate-500">next {formatDate(delivery.nextAttemptAt)}</div>
                      )}
                    </Td>
                    <Td>{delivery.attempts}</Td>
                    <Td className="whitespace-nowrap">{outcome(delivery)}</Td>
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
          <nav aria-label="Pagination" className="flex justify-between text-sm">
            {before > 0 ? (
              <Link className="text-indigo-700 hover:underline" href={base}>
                Newest
              </Link>
            ) : (
              <span />
            )}
            {more && (
              <Link className="text-indigo-700 hover:underline" href={`${base}?before=${deliveries.at(-1)!.id}`}>
                Older
              </Link>
            )}
          </nav>
        </div>
      </Card>
    </div>
  );
}
