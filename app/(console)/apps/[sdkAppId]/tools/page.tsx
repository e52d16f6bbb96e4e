import { getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { getApp } from "@/lib/data/apps";
import { maxIssueExpire } from "@/lib/auth/ticket-policy";
import { UserSigTools } from "@/components/tools/user-sig-tools";

export async function generateMetadata() {
  return { title: (await getTranslations("app"))("tabs.tools") };
}

export default async function ToolsPage({
  params,
  searchParams,
}: {
  params: Promise<{ sdkAppId: string }>;
  searchParams: Promise<{ userId?: string }>;
}) {
  const sdkAppId = Number((await params).sdkAppId);
  const operator = await requirePageOperator("console.read", sdkAppId);
  const app = await getApp(sdkAppId);
  const { userId = "" } = await searchParams;
  return (
    <UserSigTools
      sdkAppId={app.sdkAppId}
      enabled={app.status === "enabled"}
      defaultUserId={userId}
      canIssue={operator.can("tickets.issue")}
      canVerify={operator.can("tickets.verify")}
      canRevoke={operator.can("accounts.write")}
      maxExpire={await maxIssueExpire(operator)}
    />
  );
}
