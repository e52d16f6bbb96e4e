import { requirePageOperator } from "@/lib/auth/session";
import { appOverview } from "@/lib/data/stats";
import { type ExpiryWarning, expiryWarnings } from "@/lib/data/expiry-warnings";
import { BarChart } from "@/components/ui/bar-chart";
import { Card } from "@/components/ui/card";
import { formatDate } from "@/components/ui/format";

export const metadata = { title: "Overview" };

export default async function AppOverviewPage({ params }: { params: Promise<{ sdkAppId: string }> }) {
  const sdkAppId = Number((await params).sdkAppId);
  await requirePageOperator("console.read", sdkAppId);
  const [overview, warnings] = await Promise.all([appOverview(sdkAppId), expiryWarnings(sdkAppId)]);
  const counts = [
    { label: "Accounts", value: overview.accounts },
    { label: "App admins", value: overview.admins },
    { label: "Active keys", value: overview.activeKeys },
  ];
  return (
    <div className="space-y-6">
      {warnings.length > 0 && (
        <section
          aria-label="Expiry warnings"
          className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
        >
          <ul className="list-disc space-y-1 pl-5">
            {warnings.map((warning) => (
              <li key={warning.kind === "key" ? `key-${warning.version}` : `admin-${warning.identifier}`}>
                {describe(warning)}
              </li>
            ))}
          </ul>
        </section>
      )}
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

const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

function describe(warning: ExpiryWarning): string {
  if (warning.kind === "key") {
    const signed = [
      warning.userSigs > 0 && plural(warning.userSigs, "UserSig"),
      warning.privateMapKeys > 0 && plural(warning.privateMapKeys, "PrivateMapKey"),
    ]
      .filter(Boolean)
      .join(" and ");
    const verb = warning.userSigs + warning.privateMapKeys === 1 ? "stops" : "stop";
    return `${signed} signed with key v${warning.version} ${verb} working on ${formatDate(warning.stopsAt)}, when that key stops verifying. Issue new ones with the primary key before then.`;
  }
  return `Every admin UserSig the console issued for ${warning.identifier} (${warning.live} live) expires by ${formatDate(warning.expiresAt)}. Generate a new one under UserSig tools.`;
}
