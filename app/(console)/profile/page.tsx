import { requirePageOperator } from "@/lib/auth/session";
import { ROLE_DESCRIPTIONS } from "@/lib/auth/permissions";
import { secondFactorStatus } from "@/lib/data/second-factors";
import { Card, PageHeader } from "@/components/ui/card";
import { ChangePasswordForm } from "@/app/(console)/profile/change-password-form";
import { TwoFactorPanel } from "@/app/(console)/profile/two-factor-client";
import { PasskeysPanel } from "@/app/(console)/profile/passkeys-client";
import { listPasskeys } from "@/lib/data/passkeys";

export const metadata = { title: "Your account" };

export default async function ProfilePage() {
  const operator = await requirePageOperator("console.read");
  const [status, passkeys] = await Promise.all([secondFactorStatus(operator.id), listPasskeys(operator.id)]);
  return (
    <>
      <PageHeader
        title="Your account"
        description={`${operator.email} · ${operator.role}: ${ROLE_DESCRIPTIONS[operator.role]}`}
      />
      <div className="space-y-6">
        <Card
          title="Two-factor sign-in"
          description="After your password, sign-in asks for a code from an authenticator app."
          className="max-w-xl"
        >
          <TwoFactorPanel status={status} />
        </Card>
        <Card
          title="Passkeys"
          description="A passkey signs you in with your device's screen lock or a security key: after your password instead of a code, or on its own with “Sign in with a passkey”."
          className="max-w-xl"
        >
          <PasskeysPanel passkeys={passkeys} />
        </Card>
        <Card
          title="Change password"
          description="Changing your password signs you out everywhere, this browser included."
          className="max-w-xl"
        >
          <ChangePasswordForm />
        </Card>
      </div>
    </>
  );
}
