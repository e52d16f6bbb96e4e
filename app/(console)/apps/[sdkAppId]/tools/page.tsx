import { requirePageOperator } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getApp } from "@/lib/data/apps";
import { UserSigTools } from "@/components/tools/user-sig-tools";

export const metadata = { title: "UserSig tools" };

export default async function ToolsPage({ params, searchParams }: { params: Promise<{ sdkAppId: string }>; searchParams: Promise<{ userId?: string }> }) {
  const operator = await requirePageOperator("console.read");
  const app = await getApp(Number((await params).sdkAppId));
  const { userId = "" } = await searchParams;
  return (
    <UserSigTools
      sdkAppId={app.sdkAppId}
      enabled={app.status === "enabled"}
      defaultUserId={userId}
      canIssue={can(operator.role, "tickets.issue")}
      canVerify={can(operator.role, "tickets.verify")}
    />
  );
}
