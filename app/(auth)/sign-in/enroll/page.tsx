import { getTranslations } from "next-intl/server";
import { requirePendingPage } from "@/lib/auth/sign-in-flow";
import { qrCodePath } from "@/lib/auth/qr-code";
import { pendingTotpEnrollment, startTotpEnrollment } from "@/lib/data/second-factors";
import { SignInShell } from "@/components/auth/sign-in-shell";
import { TotpSetup } from "@/components/auth/totp-setup";
import { EnrollForm } from "@/app/(auth)/sign-in/enroll/enroll-form";
import { PasskeyEnrollForm } from "@/app/(auth)/sign-in/enroll/passkey-enroll-form";

export async function generateMetadata() {
  return { title: (await getTranslations("signIn"))("enrollTitle") };
}

// The owner requires a second factor of this operator, who has none: after
// the password, this page is all they can reach until they enrol: an
// authenticator app (with recovery codes) or a passkey.
export default async function EnrollPage() {
  const pending = await requirePendingPage("enroll");
  const enrollment =
    (await pendingTotpEnrollment(pending.operatorId, pending.email)) ??
    (await startTotpEnrollment(pending.operatorId, pending.email));
  const t = await getTranslations("signIn");
  return (
    <SignInShell title={t("enrollHeading")}>
      <TotpSetup qr={await qrCodePath(enrollment.uri)} secret={enrollment.secret} />
      <EnrollForm />
      <p className="text-center text-xs text-slate-500">{t("or")}</p>
      <PasskeyEnrollForm />
    </SignInShell>
  );
}
