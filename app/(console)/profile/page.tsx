import { getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { isLocale } from "@/lib/i18n/locales";
import { listPasskeys } from "@/lib/data/passkeys";
import { secondFactorStatus } from "@/lib/data/second-factors";
import { Card, PageHeader } from "@/components/ui/card";
import { ChangePasswordForm } from "@/app/(console)/profile/change-password-form";
import { LanguageForm } from "@/app/(console)/profile/language-form";
import { PasskeysPanel } from "@/app/(console)/profile/passkeys-client";
import { TwoFactorPanel } from "@/app/(console)/profile/two-factor-client";

export async function generateMetadata() {
  return { title: (await getTranslations("profile"))("title") };
}

export default async function ProfilePage() {
  const operator = await requirePageOperator("console.read");
  const [status, passkeys] = await Promise.all([secondFactorStatus(operator.id), listPasskeys(operator.id)]);
  const [t, language, role, roleDescription] = await Promise.all([
    getTranslations("profile"),
    getTranslations("language"),
    getTranslations("roles"),
    getTranslations("roleDescriptions"),
  ]);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description", {
          email: operator.email,
          role: role(operator.role),
          access: roleDescription(operator.role),
        })}
      />
      <div className="space-y-6">
        <Card title={language("preference")} description={language("description")} className="max-w-xl">
          <LanguageForm saved={isLocale(operator.locale) ? operator.locale : null} />
        </Card>
        <Card title={t("twoFactorTitle")} description={t("twoFactorDescription")} className="max-w-xl">
          <TwoFactorPanel status={status} />
        </Card>
        <Card title={t("passkeysTitle")} description={t("passkeysDescription")} className="max-w-xl">
          <PasskeysPanel passkeys={passkeys} />
        </Card>
        <Card title={t("changePasswordTitle")} description={t("changePasswordDescription")} className="max-w-xl">
          <ChangePasswordForm />
        </Card>
      </div>
    </>
  );
}
