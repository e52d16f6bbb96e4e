"use client";
import { useTranslations } from "next-intl";
import { signOut } from "next-auth/react";
import { changePasswordAction } from "@/lib/actions/operators/change-password";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";

export function ChangePasswordForm() {
  const t = useTranslations("profile");
  const change = useAction(changePasswordAction, { success: t("passwordChanged") });
  return (
    <form
      className="space-y-4"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const result = await change.run({
          currentPassword: String(form.get("currentPassword")),
          newPassword: String(form.get("newPassword")),
          confirmPassword: String(form.get("confirmPassword")),
        });
        if (result) {
          await signOut({ redirect: false });
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full page load on purpose: the router cache holds pages rendered for the old session
          window.location.assign("/sign-in");
        }
      }}
    >
      <Input
        label={t("currentPassword")}
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={change.fieldErrors.currentPassword}
      />
      <Input
        label={t("newPassword")}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        error={change.fieldErrors.newPassword}
        hint={t("passwordHint")}
      />
      <Input
        label={t("confirmPassword")}
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        error={change.fieldErrors.confirmPassword}
      />
      <Button type="submit" pending={change.pending}>
        {t("changePassword")}
      </Button>
    </form>
  );
}
