"use client";
import { useState } from "react";
import { signIn } from "next-auth/react";
import { startRegistration } from "@simplewebauthn/browser";
import { startSignInPasskeyEnrollmentAction } from "@/lib/actions/sign-in/start-sign-in-passkey-enrollment";
import { confirmSignInPasskeyAction } from "@/lib/actions/sign-in/confirm-sign-in-passkey";
import { followSignIn } from "@/components/auth/follow-sign-in";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";

/** The enrolment step's other way: a passkey (named), after which the sign-in finishes at once. */
export function PasskeyEnrollForm() {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const enroll = async (name: string): Promise<string | null> => {
    const options = await startSignInPasskeyEnrollmentAction({});
    if (!options.ok) return options.error;
    let response;
    try {
      response = await startRegistration({ optionsJSON: options.data });
    } catch {
      return "No passkey was made: the prompt was cancelled, or this browser or device cannot make one.";
    }
    const added = await confirmSignInPasskeyAction({ name, response });
    if (!added.ok) return added.error;
    const problem = followSignIn(await signIn("pending", { code: "", redirect: false }));
    return problem === "CredentialsSignin" ? "This sign-in has expired. Sign in again." : problem;
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
      <Input label="Passkey name" name="name" maxLength={60} required hint="Which device or key this is." />
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <Button type="submit" variant="secondary" className="w-full" pending={pending}>
        Add a passkey and continue
      </Button>
    </form>
  );
}
