import Link from "next/link";
import { requirePageOperator } from "@/lib/auth/session";
import { listApps } from "@/lib/data/apps";
import { visibleApps } from "@/lib/auth/permissions";
import { Badge } from "@/components/ui/badge";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { formatDate } from "@/components/ui/format";
import { Table, Td } from "@/components/ui/table";
import { CreateAppButton, ImportAppButton } from "@/app/(console)/apps/create-app-client";

export const metadata = { title: "Applications" };

export default async function AppsPage() {
  const operator = await requirePageOperator("console.read");
  const apps = await listApps(visibleApps(operator.access));
  return (
    <>
      <PageHeader
        title="Applications"
        description="Each application has an SDKAppID, secret keys, app admins and accounts."
        actions={
          operator.can("apps.write") && (
            <div className="flex gap-2">
              {operator.role !== "scoped" && <ImportAppButton />}
              <CreateAppButton />
            </div>
          )
        }
      />
      <Table
        label="Applications"
        columns={["Name", "SDKAppID", "Status", { label: "Accounts", className: "text-right" }, "Created"]}
        empty={
          <EmptyState title="No applications yet">
            {operator.can("apps.write")
              ? "Create one to get an SDKAppID and a secret key."
              : "An admin can create one."}
          </EmptyState>
        }
      >
        {apps.map((app) => (
          <tr key={app.sdkAppId} className="hover:bg-slate-50">
            <Td>
              <Link href={`/apps/${app.sdkAppId}`} className="font-medium text-indigo-700 hover:underline">
                {app.name}
              </Link>
            </Td>
            <Td className="font-mono">{app.sdkAppId}</Td>
            <Td>
              <Badge tone={app.status === "enabled" ? "green" : "gray"}>{app.status}</Badge>
            </Td>
            <Td className="text-right tabular-nums">{app.accountCount.toLocaleString("en-US")}</Td>
            <Td className="whitespace-nowrap text-slate-600">{formatDate(app.createdAt)}</Td>
          </tr>
        ))}
      </Table>
    </>
  );
}
