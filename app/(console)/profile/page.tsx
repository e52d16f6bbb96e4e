import { requirePageOperator } from "@/lib/auth/session";
import { ROLE_DESCRIPTIONS } from "@/lib/auth/permissions";
import { secondFactorStatus } from "@/lib/data/second-factors";
import { Card, PageHeader } from "@/components/ui/card";
import { ChangePasswordForm } from "@/app/(console)/profile/change-password-form";
import { TwoFactorPanel } from "@/app/(console)/profile/two-factor-client";

export const metadata = { title: "Your account" };

export default async function ProfilePage() {
  const operator = await requirePageOperator("console.read");
  const status = await secondFactorStatus(operator.id);
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
