import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { findAccount } from "@/lib/data/accounts";
import { accountActivity } from "@/lib/data/account-directory";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState } from "@/components/ui/card";
import { durationParts, formatDate } from "@/components/ui/format";
import { Table, Td } from "@/components/ui/table";
import {
  InvalidateLoginButton,
  RevokeIssuedButton,
} from "@/app/(console)/apps/[sdkAppId]/accounts/[userId]/account-client";

export async function generateMetadata() {
  return { title: (await getTranslations("account"))("metaTitle") };
}

export default async function AccountPage({ params }: { params: Promise<{ sdkAppId: string; userId: string }> }) {
  const { sdkAppId: rawId, userId: rawUserId } = await params;
  const sdkAppId = Number(rawId);
  const operator = await requirePageOperator("console.read", sdkAppId);
  const userId = decodeURIComponent(rawUserId);
  const account = await findAccount(sdkAppId, userId);
  if (!account) notFound();
  const { tickets, logins } = await accountActivity(sdkAppId, userId);
  const canRevoke = operator.can("accounts.write");
  const [t, units, format] = await Promise.all([getTranslations("account"), getTranslations("units"), getFormatter()]);
  const date = (value: Parameters<typeof formatDate>[1]) => formatDate(format, value);
  const profile = [
    ["UserID", account.userId],
    [t("externalUserId"), account.externalId ?? "—"],
    [t("nickname"), account.nickname || "—"],
    [t("faceUrl"), account.faceUrl || "—"],
    [t("created"), date(account.createdAt)],
    [t("loginInvalidatedAt"), account.loginNotBefore ? date(account.loginNotBefore) : t("never")],
  ];
  return (
    <div className="space-y-6">
      <Link href={`/apps/${sdkAppId}/accounts`} className="text-sm text-indigo-700 hover:underline">
        {t("back")}
      </Link>
      <Card
        title={t("title", { userId: account.userId })}
        description={account.disabled ? <Badge tone="red">{t("disabled")}</Badge> : undefined}
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
      <Card title={t("issuedTitle")} description={t("issuedDescription")}>
        <Table
          label={t("issuedTitle")}
          columns={[
            t("issued"),
            t("kind"),
            t("validity"),
            t("expires"),
            t("key"),
            t("by"),
            t("status"),
            ...(canRevoke ? [{ label: t("actions"), srOnly: true }] : []),
          ]}
          empty={<EmptyState title={t("noTickets")} />}
        >
          {tickets.map((ticket) => {
            const invalidated = account.loginNotBefore && ticket.time <= account.loginNotBefore.getTime() / 1000;
            const { expired } = ticket;
            return (
              <tr key={ticket.id}>
                <Td className="whitespace-nowrap">{date(ticket.time)}</Td>
                <Td>{ticket.kind}</Td>
                <Td>{units("duration", durationParts(ticket.expire))}</Td>
                <Td className="whitespace-nowrap">{date(ticket.time + ticket.expire)}</Td>
                <Td>{t("keyVersion", { version: ticket.keyVersion })}</Td>
                <Td className="font-mono text-xs">{ticket.issuer}</Td>
                <Td>
                  {ticket.revoked ? (
                    <>
                      <Badge tone="red">{t("revokedAt", { at: date(ticket.revoked.revokedAt) })}</Badge>
                      <div className="mt-0.5 font-mono text-xs text-slate-500">
                        {t("revokedBy", { by: ticket.revoked.revokedBy })}
                      </div>
                    </>
                  ) : invalidated ? (
                    <Badge tone="red">{t("invalidated")}</Badge>
                  ) : expired ? (
                    <Badge>{t("expired")}</Badge>
                  ) : (
                    <Badge tone="green">{t("valid")}</Badge>
                  )}
                </Td>
                {canRevoke && (
                  <Td>
                    {ticket.kind === "usersig" && !ticket.revoked && !expired && (
                      <RevokeIssuedButton sdkAppId={sdkAppId} ledgerId={ticket.id} issuedAt={date(ticket.time)} />
                    )}
                  </Td>
                )}
              </tr>
            );
          })}
        </Table>
      </Card>
      <Card title={t("loginsTitle")} description={t("loginsDescription")}>
        <Table
          label={t("loginsTitle")}
          columns={[t("loggedIn"), t("from"), t("platform"), t("expires"), t("status")]}
          empty={<EmptyState title={t("noLogins")} />}
        >
          {logins.map((login) => (
            <tr key={login.id}>
              <Td className="whitespace-nowrap">{date(login.createdAt)}</Td>
              <Td className="font-mono">{login.ip || "—"}</Td>
              <Td>{login.platform}</Td>
              <Td className="whitespace-nowrap">{date(login.expiresAt)}</Td>
              <Td>
                {login.revokedAt ? (
                  <Badge tone="red">{t("endedAt", { at: date(login.revokedAt) })}</Badge>
                ) : login.expiresAt < new Date() ? (
                  <Badge>{t("expired")}</Badge>
                ) : (
                  <Badge tone="green">{t("active")}</Badge>
                )}
              </Td>
            </tr>
          ))}
        </Table>
      </Card>
    </div>
  );
}
