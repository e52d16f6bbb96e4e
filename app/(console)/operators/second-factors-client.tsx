"use client";
import { useState } from "react";
import { setSecondFactorPolicyAction } from "@/lib/actions/operators/set-second-factor-policy";
import { resetSecondFactorsAction } from "@/lib/actions/operators/reset-second-factors";
import {
  SECOND_FACTOR_POLICIES,
  SECOND_FACTOR_POLICY_LABELS,
  type SecondFactorPolicy,
} from "@/lib/validations/second-factors";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/dialog";
import { Input, Select } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";

/** The owner's policy: who must have a second factor before they get a session. */
export function SecondFactorPolicyForm({ policy }: { policy: SecondFactorPolicy }) {
  const save = useAction(setSecondFactorPolicyAction, { success: "Saved." });
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        void save.run({ policy: new FormData(event.currentTarget).get("policy") as SecondFactorPolicy });
      }}
    >
      <Select
        label="Require a second factor for"
        name="policy"
        defaultValue={policy}
        hint="Operators it covers who have none are sent to set one up after their password, and can do nothing else until they have."
      >
        {SECOND_FACTOR_POLICIES.map((value) => (
          <option key={value} value={value}>
            {SECOND_FACTOR_POLICY_LABELS[value]}
          </option>
        ))}
      </Select>
      <Button type="submit" pending={save.pending}>
        Save
      </Button>
    </form>
  );
}

/** Resets another operator's second factors (a lost phone), after the owner re-enters their password. */
export function ResetSecondFactors({ id, email }: { id: string; email: string }) {
  const [open, setOpen] = useState(false);
  const reset = useAction(resetSecondFactorsAction, { success: `Second factors of ${email} removed.` });
  return (
    <>
      <Button variant="ghost" size="sm" aria-label={`Reset second factors of ${email}`} onClick={() => setOpen(true)}>
        Reset 2FA
      </Button>
      <FormDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Reset second factors of ${email}?`}
        description="Their authenticator app, recovery codes and passkeys stop working and their sessions end. They sign in with their password and set up a new factor."
        submitLabel="Reset"
        submitVariant="danger"
        pending={reset.pending}
        onSubmit={(form) => reset.run({ id, password: String(form.get("password")) })}
      >
        <Input
          label="Your password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={reset.fieldErrors.password}
        />
      </FormDialog>
    </>
  );
}
