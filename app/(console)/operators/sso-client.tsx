"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { removeSsoConfigAction } from "@/lib/actions/operators/remove-sso-config";
import { setPasswordSignInAction } from "@/lib/actions/operators/set-password-sign-in";
import { setSsoConfigAction } from "@/lib/actions/operators/set-sso-config";
import { SSO_NEW_OPERATOR_ROLES, type SsoNewOperators } from "@/lib/validations/sso";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Input, Select, Textarea } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";

export type SsoSettingsView = {
  issuer: string;
  clientId: string;
  allowedDomains: string[];
  newOperatorRole: string | null;
} | null;

/**
 * The owner's single sign-on settings. The client secret is never sent back
 * to the browser: the field says whether one is set, and left empty keeps it.
 */
/** An example of an issuer's address, as a placeholder. */
const EXAMPLE_ISSUER = "https://accounts.example.com";

export function SsoSettingsForm({ settings, redirectUri }: { settings: SsoSettingsView; redirectUri: string | null }) {
  const t = useTranslations("sso");
  const roleName = useTranslations("roles");
  const save = useAction(setSsoConfigAction, { success: t("saved") });
  const remove = useAction(removeSsoConfigAction, { success: t("turnedOff") });
  const [confirming, setConfirming] = useState(false);
  const errors = save.fieldErrors;
  return (
    <form
      className="max-w-xl space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        void save.run({
          issuer: String(form.get("issuer")),
          clientId: String(form.get("clientId")),
          clientSecret: String(form.get("clientSecret")),
          allowedDomains: String(form.get("allowedDomains")),
          newOperators: form.get("newOperators") as SsoNewOperators,
        });
      }}
    >
      <p className="text-sm text-slate-600">
        {redirectUri
          ? t.rich("register", {
              uri: redirectUri,
              code: (chunks) => <code className="font-mono break-all">{chunks}</code>,
            })
          : t.rich("registerUnset", { strong: (chunks) => <strong>{chunks}</strong> })}
      </p>
      <Input
        label={t("issuer")}
        name="issuer"
        type="url"
        required
        defaultValue={settings?.issuer}
        placeholder={EXAMPLE_ISSUER}
        error={errors.issuer}
      />
      <Input label={t("clientId")} name="clientId" required defaultValue={settings?.clientId} error={errors.clientId} />
      <Input
        label={t("clientSecret")}
        name="clientSecret"
        type="password"
        autoComplete="off"
        required={!settings}
        placeholder={settings ? t("secretSet") : undefined}
        error={errors.clientSecret}
      />
      <Textarea
        label={t("domains")}
        name="allowedDomains"
        rows={2}
        required
        defaultValue={settings?.allowedDomains.join(", ")}
        hint={t("domainsHint")}
        error={errors.allowedDomains}
      />
      <Select
        label={t("firstSignIn")}
        name="newOperators"
        defaultValue={settings?.newOperatorRole ?? "existing"}
        error={errors.newOperators}
      >
        <option value="existing">{t("existingOnly")}</option>
        {SSO_NEW_OPERATOR_ROLES.map((role) => (
          <option key={role} value={role}>
            {t("createsRole", { role: roleName(role) })}
          </option>
        ))}
      </Select>
      <div className="flex gap-2">
        <Button type="submit" pending={save.pending}>
          {t("save")}
        </Button>
        {settings && (
          <Button variant="ghost" onClick={() => setConfirming(true)}>
            {t("turnOff")}
          </Button>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("turnOffTitle")}
        description={t("turnOffDescription")}
        confirmLabel={t("turnOffConfirm")}
        pending={remove.pending}
        onConfirm={() => remove.run({})}
      />
    </form>
  );
}

/** Who may sign in with a password: everyone, or owners only (who keep it, so SSO can never lock the console). */
export function PasswordSignInForm({ ownersOnly }: { ownersOnly: boolean }) {
  const t = useTranslations("sso");
  const save = useAction(setPasswordSignInAction, { success: t("passwordSaved") });
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        void save.run({ ownersOnly: new FormData(event.currentTarget).get("passwordSignIn") === "owners" });
      }}
    >
      <Select
        label={t("passwordWho")}
        name="passwordSignIn"
        defaultValue={ownersOnly ? "owners" : "everyone"}
        hint={t("passwordHint")}
      >
        <option value="everyone">{t("everyone")}</option>
        <option value="owners">{t("ownersOnly")}</option>
      </Select>
      <Button type="submit" pending={save.pending}>
        {t("save")}
      </Button>
    </form>
  );
}
