import type { Metadata } from "next";
import { requirePendingPage } from "@/lib/auth/sign-in-flow";
import { qrCodePath } from "@/lib/auth/qr-code";
import { pendingTotpEnrollment, startTotpEnrollment } from "@/lib/data/second-factors";
import { SignInShell } from "@/components/auth/sign-in-shell";
import { TotpSetup } from "@/components/auth/totp-setup";
import { EnrollForm } from "@/app/(auth)/sign-in/enroll/enroll-form";
import { PasskeyEnrollForm } from "@/app/(auth)/sign-in/enroll/passkey-enroll-form";

export const metadata: Metadata = { title: "Set up two-factor sign-in" };

// The owner requires a second factor of this operator, who has none: after
// the password, this page is all they can reach until they enrol: an
// authenticator app (with recovery codes) or a passkey.
export default async function EnrollPage() {
  const pending = await requirePendingPage("enroll");
  const enrollment =
    (await pendingTotpEnrollment(pending.operatorId, pending.email)) ??
    (await startTotpEnrollment(pending.operatorId, pending.email));
  return (
    <SignInShell title="Your organisation requires two-factor sign-in">
      <TotpSetup qr={await qrCodePath(enrollment.uri)} secret={enrollment.secret} />
      <EnrollForm />
      <p className="text-center text-xs text-slate-500">or</p>
      <PasskeyEnrollForm />
    </SignInShell>
  );
}
