import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { listAccounts } from "@/lib/data/account-directory";
import { listAdmins } from "@/lib/data/admins";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { Table, Td } from "@/components/ui/table";
import { AccountActions, DeleteAccountButton } from "@/app/(console)/apps/[sdkAppId]/accounts/accounts-client";

export async function generateMetadata() {
  return { title: (await getTranslations("accounts"))("metaTitle") };
}

export default async function AccountsPage({
  params,
  searchParams,
}: {
  params: Promise<{ sdkAppId: string }>;
  searchParams: Promise<{ q?: string; after?: string }>;
}) {
  const sdkAppId = Number((await params).sdkAppId);
  const operator = await requirePageOperator("console.read", sdkAppId);
  const { q = "", after } = await searchParams;
  const [{ accounts, nextAfter, total, more }, admins] = await Promise.all([
    listAccounts(sdkAppId, { query: q, after }),
    listAdmins(sdkAppId),
  ]);
  const adminIds = new Set(admins.map((admin) => admin.identifier));
  const canWrite = operator.can("accounts.write");
  const base = `/apps/${sdkAppId}/accounts`;
  const [t, format] = await Promise.all([getTranslations("accounts"), getFormatter()]);
  const query = (extra: Record<string, string>) => `${base}?${new URLSearchParams({ ...(q && { q }), ...extra })}`;
  return (
    <Card
      title={t("title", { total: format.number(total), more: String(more), matching: String(Boolean(q)) })}
      description={t("description")}
      actions={<AccountActions sdkAppId={sdkAppId} canWrite={canWrite} canExport={operator.can("accounts.export")} />}
    >
      <div className="space-y-4">
        <form role="search" action={base} className="flex flex-wrap items-end gap-2">
          <Input
            className="min-w-56 flex-1"
            label={t("search")}
            name="q"
            defaultValue={q}
            placeholder={t("searchPlaceholder")}
            type="search"
          />
          <Button type="submit" variant="secondary">
            {t("searchSubmit")}
          </Button>
          {q && (
            <Link href={base} className="px-2 py-2 text-sm text-indigo-700 hover:underline">
              {t("clear")}
            </Link>
          )}
        </form>
        <Table
          label={t("metaTitle")}
          columns={["UserID", t("externalId"), t("nickname"), t("created"), { label: t("actions"), srOnly: true }]}
          empty={<EmptyState title={q ? t("noMatch") : t("empty")}>{q ? t("noMatchHint") : t("emptyHint")}</EmptyState>}
        >
          {accounts.map((account) => (
            <tr key={account.userId}>
              <Td className="font-mono">
                <Link
                  className="text-indigo-700 hover:underline"
                  href={`${base}/${encodeURIComponent(account.userId)}`}
                >
                  {account.userId}
                </Link>{" "}
                {adminIds.has(account.userId) && <Badge tone="indigo">{t("appAdmin")}</Badge>}
              </Td>
              <Td className="font-mono text-slate-600">{account.externalId ?? "—"}</Td>
              <Td>{account.nickname || "—"}</Td>
              <Td className="whitespace-nowrap text-slate-600">{formatDate(format, account.createdAt)}</Td>
              <Td className="text-right">
                {canWrite && !adminIds.has(account.userId) && (
                  <DeleteAccountButton sdkAppId={sdkAppId} userId={account.userId} />
                )}
              </Td>
            </tr>
          ))}
        </Table>
        <nav aria-label={t("pagination")} className="flex justify-between text-sm">
          {after ? (
            <Link className="text-indigo-700 hover:underline" href={query({})}>
              {t("firstPage")}
            </Link>
          ) : (
            <span />
          )}
          {nextAfter && (
            <Link className="text-indigo-700 hover:underline" href={query({ after: nextAfter })}>
              {t("nextPage")}
            </Link>
          )}
        </nav>
      </div>
    </Card>
  );
}
