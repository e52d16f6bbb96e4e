import { requirePageOperator } from "@/lib/auth/session";
import { ROLE_DESCRIPTIONS } from "@/lib/auth/permissions";
import { Card, PageHeader } from "@/components/ui/card";
import { ChangePasswordForm } from "@/app/(console)/profile/change-password-form";

export const metadata = { title: "Your account" };

export default async function ProfilePage() {
  const operator = await requirePageOperator("console.read");
  return (
    <>
      <PageHeader
        title="Your account"
        description={`${operator.email} · ${operator.role}: ${ROLE_DESCRIPTIONS[operator.role]}`}
      />
      <Card
        title="Change password"
        description="Changing your password signs you out everywhere, this browser included."
        className="max-w-xl"
      >
        <ChangePasswordForm />
      </Card>
    </>
  );
}
