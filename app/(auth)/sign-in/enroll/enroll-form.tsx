"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { signIn } from "next-auth/react";
import { confirmSignInEnrollmentAction } from "@/lib/actions/sign-in/confirm-sign-in-enrollment";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { RecoveryCodes } from "@/components/auth/recovery-codes";

export function EnrollForm() {
  const t = useTranslations("signIn");
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const [codes, setCodes] = useState<string[]>();
  if (codes)
    return (
      <div className="space-y-4">
        <RecoveryCodes codes={codes} />
        <Button
          className="w-full"
          pending={pending}
          onClick={async () => {
            setPending(true);
            const result = await signIn("pending", { code: "", redirect: false });
            if (result?.ok && !result.error) {
              // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full page load on purpose: every server component must see the new session cookie
              window.location.assign("/apps");
              return;
            }
            // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- the pending sign-in is gone; start again
            window.location.assign("/sign-in");
          }}
        >
          {t("savedContinue")}
        </Button>
      </div>
    );
  return (
    <form
      className="space-y-4"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        setPending(true);
        setError(undefined);
        const result = await confirmSignInEnrollmentAction({ code: String(form.get("code")) });
        setPending(false);
        if (result.ok) setCodes(result.data.recoveryCodes);
        else setError(result.error);
      }}
    >
      <Input
        label={t("appCode")}
        name="code"
        autoComplete="one-time-code"
        inputMode="numeric"
        maxLength={8}
        required
        autoFocus
      />
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <Button type="submit" className="w-full" pending={pending}>
        {t("turnOnContinue")}
      </Button>
    </form>
  );
}
