import type { SignInResponse } from "next-auth/react";

/** Where the first step sends a sign-in that owes another step (lib/auth/sign-in-flow.ts names them). */
const NEXT_STEP: Record<string, string> = {
  SecondFactorRequired: "/sign-in/second-factor",
  SecondFactorEnrollmentRequired: "/sign-in/enroll",
  PasswordChangeRequired: "/sign-in/new-password",
};

/**
 * Follows next-auth's answer to a sign-in attempt: into the console, or to
 * the page of the step still owed, each a full page load, so the server sees
 * the new cookie and the router cache holds nothing rendered for the old
 * session. Otherwise returns the error to show: "CredentialsSignin" for a
 * credential that did not check out, or an expected error's message.
 */
export function followSignIn(result: SignInResponse | undefined): string | null {
  if (result?.ok && !result.error) {
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full page load on purpose (above)
    window.location.assign("/apps");
    return null;
  }
  const step = result?.error ? NEXT_STEP[result.error] : undefined;
  if (step) {
    window.location.assign(step);
    return null;
  }
  return result?.error || "CredentialsSignin";
}
