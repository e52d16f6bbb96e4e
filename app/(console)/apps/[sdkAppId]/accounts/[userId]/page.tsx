import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageOperator } from "@/lib/auth/session";
import { findAccount } from "@/lib/data/accounts";
import { accountActivity } from "@/lib/data/account-directory";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState } from "@/components/ui/card";
import { formatDate, formatDuration } from "@/components/ui/format";
import { Table, Td } from "@/components/ui/table";
import {
  InvalidateLoginButton,
  RevokeIssuedButton,
} from "@/app/(console)/apps/[sdkAppId]/accounts/[userId]/account-client";

export const metadata = { title: "Account" };

export default async function AccountPage({ params }: { params: Promise<{ sdkAppId: string; userId: string }> }) {
  const { sdkAppId: rawId, userId: rawUserId } = await params;
  const sdkAppId = Number(rawId);
  const operator = await requirePageOperator("console.read", sdkAppId);
  const userId = decodeURIComponent(rawUserId);
  const account = await findAccount(sdkAppId, userId);
  if (!account) notFound();
  const { tickets, logins } = await accountActivity(sdkAppId, userId);
  const canRevoke = operator.can("accounts.write");
  const profile = [
    ["UserID", account.userId],
    ["External user ID", account.externalId ?? "—"],
    ["Nickname", account.nickname || "—"],
    ["Avatar URL", account.faceUrl || "—"],
    ["Created", formatDate(account.createdAt)],
    ["Login invalidated at", account.loginNotBefore ? formatDate(account.loginNotBefore) : "never"],
  ];
  return (
    <div className="space-y-6">
      <Link href={`/apps/${sdkAppId}/accounts`} className="text-sm text-indigo-700 hover:underline">
        ← All accounts
      </Link>
      <Card
        title={`Account ${account.userId}`}
        description={account.disabled ? <Badge tone="red">disabled</Badge> : undefined}
        actions={
          operator.can("accounts.write") && <InvalidateLoginButton sdkAppId={sdkAppId} userId={account.userId} />
        }
      >
        <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
          {profile.map(([label, value]) => (
            <div key={label}>
              <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
              <dd className="mt-0.5 font-mono text-sm break-all">{value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card
        title="Issued UserSigs"
        description="The latest 50 tickets issued for this UserID (the tickets themselves are never stored)."
      >
        <Table
          label="Issued UserSigs"
          columns={[
            "Issued",
            "Kind",
            "Validity",
            "Expires",
            "Key",
            "By",
            "Status",
            ...(canRevoke ? [{ label: "Actions", srOnly: true }] : []),
          ]}
          empty={<EmptyState title="No UserSig issued yet" />}
        >
          {tickets.map((ticket) => {
            const invalidated = account.loginNotBefore && ticket.time <= account.loginNotBefore.getTime() / 1000;
            const { expired } = ticket;
            return (
              <tr key={ticket.id}>
                <Td className="whitespace-nowrap">{formatDate(ticket.time)}</Td>
                <Td>{ticket.kind}</Td>
                <Td>{formatDuration(ticket.expire)}</Td>
                <Td className="whitespace-nowrap">{formatDate(ticket.time + ticket.expire)}</Td>
                <Td>v{ticket.keyVersion}</Td>
                <Td className="font-mono text-xs">{ticket.issuer}</Td>
                <Td>
                  {ticket.revoked ? (
                    <>
                      <Badge tone="red">revoked {formatDate(ticket.revoked.revokedAt)}</Badge>
                      <div className="mt-0.5 font-mono text-xs text-slate-500">by {ticket.revoked.revokedBy}</div>
                    </>
                  ) : invalidated ? (
                    <Badge tone="red">invalidated</Badge>
                  ) : expired ? (
                    <Badge>expired</Badge>
                  ) : (
                    <Badge tone="green">valid</Badge>
                  )}
                </Td>
                {canRevoke && (
                  <Td>
                    {ticket.kind === "usersig" && !ticket.revoked && !expired && (
                      <RevokeIssuedButton sdkAppId={sdkAppId} ledgerId={ticket.id} issuedAt={formatDate(ticket.time)} />
                    )}
                  </Td>
                )}
              </tr>
            );
          })}
        </Table>
      </Card>
      <Card title="Recent logins" description="Sessions opened through the login API.">
        <Table
          label="Recent logins"
          columns={["Logged in", "From", "Platform", "Expires", "Status"]}
          empty={<EmptyState title="No login yet" />}
        >
          {logins.map((login) => (
            <tr key={login.id}>
              <Td className="whitespace-nowrap">{formatDate(login.createdAt)}</Td>
              <Td className="font-mono">{login.ip || "—"}</Td>
              <Td>{login.platform}</Td>
              <Td className="whitespace-nowrap">{formatDate(login.expiresAt)}</Td>
              <Td>
                {login.revokedAt ? (
                  <Badge tone="red">ended {formatDate(login.revokedAt)}</Badge>
                ) : login.expiresAt < new Date() ? (
                  <Badge>expired</Badge>
                ) : (
                  <Badge tone="green">active</Badge>
                )}
              </Td>
            </tr>
          ))}
        </Table>
      </Card>
    </div>
  );
}
