import { getFormatter, getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { appOverview } from "@/lib/data/stats";
import { type ExpiryWarning, expiryWarnings } from "@/lib/data/expiry-warnings";
import { BarChart } from "@/components/ui/bar-chart";
import { Card } from "@/components/ui/card";
import { type Formatter, formatDate } from "@/components/ui/format";

export async function generateMetadata() {
  return { title: (await getTranslations("app"))("tabs.overview") };
}

type Translate = Awaited<ReturnType<typeof getTranslations<"overview">>>;

export default async function AppOverviewPage({ params }: { params: Promise<{ sdkAppId: string }> }) {
  const sdkAppId = Number((await params).sdkAppId);
  await requirePageOperator("console.read", sdkAppId);
  const [overview, warnings] = await Promise.all([appOverview(sdkAppId), expiryWarnings(sdkAppId)]);
  const [t, format] = await Promise.all([getTranslations("overview"), getFormatter()]);
  const counts = [
    { label: t("accounts"), value: overview.accounts },
    { label: t("admins"), value: overview.admins },
    { label: t("activeKeys"), value: overview.activeKeys },
  ];
  return (
    <div className="space-y-6">
      {warnings.length > 0 && (
        <section
          aria-label={t("expiryWarnings")}
          className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
        >
          <ul className="list-disc space-y-1 pl-5">
            {warnings.map((warning) => (
              <li key={warning.kind === "key" ? `key-${warning.version}` : `admin-${warning.identifier}`}>
                {describe(warning, t, format)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <dl className="grid gap-4 sm:grid-cols-3">
        {counts.map((count) => (
          <div key={count.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-600">{count.label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{format.number(count.value)}</dd>
          </div>
        ))}
      </dl>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t("issuedTitle")} description={t("issuedDescription")}>
          <BarChart title={t("issuedChart")} data={overview.issued} />
        </Card>
        <Card title={t("loginsTitle")} description={t("loginsDescription")}>
          <BarChart title={t("loginsChart")} data={overview.logins} color="#0d9488" />
        </Card>
      </div>
    </div>
  );
}

function describe(warning: ExpiryWarning, t: Translate, format: Formatter): string {
  if (warning.kind === "key")
    return t("keyExpiry", {
      userSigs: warning.userSigs,
      privateMapKeys: warning.privateMapKeys,
      total: warning.userSigs + warning.privateMapKeys,
      version: warning.version,
      stopsAt: formatDate(format, warning.stopsAt),
    });
  return t("adminExpiry", {
    identifier: warning.identifier,
    live: warning.live,
    expiresAt: formatDate(format, warning.expiresAt),
  });
}
