import Link from "next/link";
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

export const metadata = { title: "Accounts" };

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
  const query = (extra: Record<string, string>) => `${base}?${new URLSearchParams({ ...(q && { q }), ...extra })}`;
  return (
    <Card
      title={`Accounts (${more ? "more than " : ""}${total.toLocaleString("en-US")}${q ? " matching" : ""})`}
      description="The UserIDs of this application, mapped from your own users' IDs."
      actions={<AccountActions sdkAppId={sdkAppId} canWrite={canWrite} canExport={operator.can("accounts.export")} />}
    >
      <div className="space-y-4">
        <form role="search" action={base} className="flex flex-wrap items-end gap-2">
          <Input
            className="min-w-56 flex-1"
            label="Search accounts"
            name="q"
            defaultValue={q}
            placeholder="UserID or external ID prefix"
            type="search"
          />
          <Button type="submit" variant="secondary">
            Search
          </Button>
          {q && (
            <Link href={base} className="px-2 py-2 text-sm text-indigo-700 hover:underline">
              Clear
            </Link>
          )}
        </form>
        <Table
          label="Accounts"
          columns={["UserID", "External ID", "Nickname", "Created", { label: "Actions", srOnly: true }]}
          empty={
            <EmptyState title={q ? "No account matches" : "No accounts yet"}>
              {q
                ? "Search matches the start of a UserID or external ID."
                : "Add one, import a CSV, or let your App Server import them through the REST API."}
            </EmptyState>
          }
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
                {adminIds.has(account.userId) && <Badge tone="indigo">app admin</Badge>}
              </Td>
              <Td className="font-mono text-slate-600">{account.externalId ?? "—"}</Td>
              <Td>{account.nickname || "—"}</Td>
              <Td className="whitespace-nowrap text-slate-600">{formatDate(account.createdAt)}</Td>
              <Td className="text-right">
                {canWrite && !adminIds.has(account.userId) && (
                  <DeleteAccountButton sdkAppId={sdkAppId} userId={account.userId} />
                )}
              </Td>
            </tr>
          ))}
        </Table>
        <nav aria-label="Pagination" className="flex justify-between text-sm">
          {after ? (
            <Link className="text-indigo-700 hover:underline" href={query({})}>
              First page
            </Link>
          ) : (
            <span />
          )}
          {nextAfter && (
            <Link className="text-indigo-700 hover:underline" href={query({ after: nextAfter })}>
              Next page
            </Link>
          )}
        </nav>
      </div>
    </Card>
  );
}
