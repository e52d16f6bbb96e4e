"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { setSecondFactorPolicyAction } from "@/lib/actions/operators/set-second-factor-policy";
import { resetSecondFactorsAction } from "@/lib/actions/operators/reset-second-factors";
import { SECOND_FACTOR_POLICIES, type SecondFactorPolicy } from "@/lib/validations/second-factors";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/dialog";
import { Select } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { CurrentPasswordInput } from "@/components/ui/confirm-fields";

/** The owner's policy: who must have a second factor before they get a session. */
export function SecondFactorPolicyForm({ policy }: { policy: SecondFactorPolicy }) {
  const t = useTranslations("operators");
  const save = useAction(setSecondFactorPolicyAction, { success: t("saved") });
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        void save.run({ policy: new FormData(event.currentTarget).get("policy") as SecondFactorPolicy });
      }}
    >
      <Select label={t("policy")} name="policy" defaultValue={policy} hint={t("policyHint")}>
        {SECOND_FACTOR_POLICIES.map((value) => (
          <option key={value} value={value}>
            {t(`policies.${value}`)}
          </option>
        ))}
      </Select>
      <Button type="submit" pending={save.pending}>
        {t("save")}
      </Button>
    </form>
  );
}

/** Resets another operator's second factors (a lost phone), after the owner re-enters their password. */
export function ResetSecondFactors({ id, email }: { id: string; email: string }) {
  const [open, setOpen] = useState(false);
  const t = useTranslations("operators");
  const reset = useAction(resetSecondFactorsAction, { success: t("resetDone", { email }) });
  return (
    <>
      <Button variant="ghost" size="sm" aria-label={t("resetLabel", { email })} onClick={() => setOpen(true)}>
        {t("reset2fa")}
      </Button>
      <FormDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t("resetTitle", { email })}
        description={t("resetDescription")}
        submitLabel={t("resetSubmit")}
        submitVariant="danger"
        pending={reset.pending}
        onSubmit={(form) => reset.run({ id, password: String(form.get("password")) })}
      >
        <CurrentPasswordInput error={reset.fieldErrors.password} />
      </FormDialog>
    </>
  );
}
