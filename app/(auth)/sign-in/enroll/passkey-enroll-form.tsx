"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { signIn } from "next-auth/react";
import { startRegistration } from "@simplewebauthn/browser";
import { startSignInPasskeyEnrollmentAction } from "@/lib/actions/sign-in/start-sign-in-passkey-enrollment";
import { confirmSignInPasskeyAction } from "@/lib/actions/sign-in/confirm-sign-in-passkey";
import { followSignIn } from "@/components/auth/follow-sign-in";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { useErrorMessage } from "@/components/i18n/use-error-message";

/** The enrolment step's other way: a passkey (named), after which the sign-in finishes at once. */
export function PasskeyEnrollForm() {
  const t = useTranslations("passkeys");
  const errors = useTranslations("errors");
  const errorMessage = useErrorMessage();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const enroll = async (name: string): Promise<string | null> => {
    const options = await startSignInPasskeyEnrollmentAction({});
    if (!options.ok) return options.error;
    let response;
    try {
      response = await startRegistration({ optionsJSON: options.data });
    } catch {
      return t("noneMade");
    }
    const added = await confirmSignInPasskeyAction({ name, response });
    if (!added.ok) return added.error;
    const problem = followSignIn(await signIn("pending", { code: "", redirect: false }));
    return problem === "CredentialsSignin" ? errors("signInExpired") : problem && errorMessage(problem);
  };
  return (
    <form
      className="space-y-4"
      onSubmit={async (event) => {
        event.preventDefault();
        setPending(true);
        setError(undefined);
        const problem = await enroll(String(new FormData(event.currentTarget).get("name")));
        if (problem === null) return;
        setPending(false);
        setError(problem);
      }}
    >
      <Input label={t("name")} name="name" maxLength={60} required hint={t("nameHint")} />
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <Button type="submit" variant="secondary" className="w-full" pending={pending}>
        {t("addContinue")}
      </Button>
    </form>
  );
}
