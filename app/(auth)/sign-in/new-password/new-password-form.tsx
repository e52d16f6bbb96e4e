"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { signIn } from "next-auth/react";
import { setSignInPasswordAction } from "@/lib/actions/sign-in/set-sign-in-password";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";

const NEXT_PAGE: Record<string, string> = { "second-factor": "/sign-in/second-factor", enroll: "/sign-in/enroll" };

export function NewPasswordForm() {
  const t = useTranslations("signIn");
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  return (
    <form
      className="space-y-4"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        setPending(true);
        setError(undefined);
        const result = await setSignInPasswordAction({
          newPassword: String(form.get("newPassword")),
          confirmPassword: String(form.get("confirmPassword")),
        });
        if (!result.ok) {
          setPending(false);
          setFieldErrors(result.fieldErrors ?? {});
          setError(result.error);
          return;
        }
        const next = NEXT_PAGE[result.data.next];
        if (!next) {
          const signedIn = await signIn("pending", { code: "", redirect: false });
          if (!signedIn?.ok || signedIn.error) {
            // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- the pending sign-in is gone; start again
            window.location.assign("/sign-in");
            return;
          }
        }
        // a full page load on purpose: the next page reads the session or the pending sign-in on the server
        window.location.assign(next ?? "/apps");
      }}
    >
      <Input
        label={t("newPassword")}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        minLength={12}
        required
        autoFocus
        error={fieldErrors.newPassword}
        hint={t("newPasswordHint")}
      />
      <Input
        label={t("confirmPassword")}
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        error={fieldErrors.confirmPassword}
      />
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <Button type="submit" className="w-full" pending={pending}>
        {t("saveContinue")}
      </Button>
    </form>
  );
}
