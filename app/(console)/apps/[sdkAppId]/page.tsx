import { requirePageOperator } from "@/lib/auth/session";
import { appOverview } from "@/lib/data/stats";
import { BarChart } from "@/components/ui/bar-chart";
import { Card } from "@/components/ui/card";

export const metadata = { title: "Overview" };

export default async function AppOverviewPage({ params }: { params: Promise<{ sdkAppId: string }> }) {
  const sdkAppId = Number((await params).sdkAppId);
  await requirePageOperator("console.read", sdkAppId);
  const overview = await appOverview(sdkAppId);
  const counts = [
    { label: "Accounts", value: overview.accounts },
    { label: "App admins", value: overview.admins },
    { label: "Active keys", value: overview.activeKeys },
  ];
  return (
    <div className="space-y-6">
      <dl className="grid gap-4 sm:grid-cols-3">
        {counts.map((count) => (
          <div key={count.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-600">{count.label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{count.value.toLocaleString("en-US")}</dd>
          </div>
        ))}
      </dl>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="UserSigs issued per day" description="Last 30 days (UTC), by the console and the API.">
          <BarChart title="UserSigs issued" data={overview.issued} />
        </Card>
        <Card title="Logins per day" description="Last 30 days (UTC), app users logging in through the API.">
          <BarChart title="Logins" data={overview.logins} color="#0d9488" />
        </Card>
      </div>
    </div>
  );
}
