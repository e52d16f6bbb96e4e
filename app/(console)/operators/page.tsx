import { getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { listOperators } from "@/lib/data/operators";
import { listApps } from "@/lib/data/apps";
import { getSetting } from "@/lib/data/settings";
import { DeveloperMaxExpire } from "@/app/(console)/operators/access-client";
import { PageHeader } from "@/components/ui/card";
import { OperatorsClient } from "@/app/(console)/operators/operators-client";
import { SecondFactorPolicyForm } from "@/app/(console)/operators/second-factors-client";
import { PasswordSignInForm, SsoSettingsForm } from "@/app/(console)/operators/sso-client";
import { getSsoSettings } from "@/lib/data/sso-config";
import { ssoRedirectUri } from "@/lib/auth/oidc";

export async function generateMetadata() {
  return { title: (await getTranslations("operators"))("title") };
}

export default async function OperatorsPage() {
  const me = await requirePageOperator("operators.manage");
  const [operators, apps, developerMaxExpire, secondFactorPolicy, sso, passwordOwnersOnly] = await Promise.all([
    listOperators(),
    listApps(),
    getSetting("tickets.developerMaxExpire"),
    getSetting("signIn.requireSecondFactor"),
    getSsoSettings(),
    getSetting("signIn.passwordOwnersOnly"),
  ]);
  const [t, ssoText] = await Promise.all([getTranslations("operators"), getTranslations("sso")]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <OperatorsClient
        currentId={me.id}
        apps={apps.map((app) => ({ sdkAppId: app.sdkAppId, name: app.name }))}
        operators={operators.map((o) => ({
          id: o.id,
          email: o.email,
          name: o.name,
          role: o.role,
          memberships: o.memberships,
          disabled: o.disabled,
          lastSignInAt: o.lastSignInAt?.toISOString() ?? null,
        }))}
      />
      <section className="mt-8 space-y-2">
        <h2 className="text-base font-semibold">{t("twoFactor")}</h2>
        <SecondFactorPolicyForm policy={secondFactorPolicy} />
      </section>
      <section className="mt-8 space-y-2" aria-labelledby="single-sign-on">
        <h2 id="single-sign-on" className="text-base font-semibold">
          {ssoText("heading")}
        </h2>
        <p className="text-sm text-slate-600">{ssoText("note")}</p>
        <SsoSettingsForm settings={sso} redirectUri={ssoRedirectUri()} />
      </section>
      <section className="mt-8 space-y-2">
        <h2 className="text-base font-semibold">{ssoText("passwordHeading")}</h2>
        <PasswordSignInForm ownersOnly={passwordOwnersOnly} />
      </section>
      <section className="mt-8 space-y-2">
        <h2 className="text-base font-semibold">{t("testUserSigs")}</h2>
        <DeveloperMaxExpire days={Math.ceil(developerMaxExpire / 86_400)} />
      </section>
    </>
  );
}
