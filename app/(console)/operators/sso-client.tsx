"use client";
import { useState } from "react";
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
export function SsoSettingsForm({ settings, redirectUri }: { settings: SsoSettingsView; redirectUri: string | null }) {
  const save = useAction(setSsoConfigAction, { success: "Single sign-on saved." });
  const remove = useAction(removeSsoConfigAction, { success: "Single sign-on turned off." });
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
        Register Tessera at your OpenID Connect provider with the redirect URI{" "}
        {redirectUri ? (
          <code className="font-mono break-all">{redirectUri}</code>
        ) : (
          <strong>that follows from NEXTAUTH_URL, which is not set</strong>
        )}
        .
      </p>
      <Input
        label="Issuer URL"
        name="issuer"
        type="url"
        required
        defaultValue={settings?.issuer}
        placeholder="https://accounts.example.com"
        error={errors.issuer}
      />
      <Input label="Client ID" name="clientId" required defaultValue={settings?.clientId} error={errors.clientId} />
      <Input
        label="Client secret"
        name="clientSecret"
        type="password"
        autoComplete="off"
        required={!settings}
        placeholder={settings ? "Set (leave empty to keep it)" : undefined}
        error={errors.clientSecret}
      />
      <Textarea
        label="Allowed email domains"
        name="allowedDomains"
        rows={2}
        required
        defaultValue={settings?.allowedDomains.join(", ")}
        hint="Only verified addresses at these domains may sign in with SSO, such as example.com."
        error={errors.allowedDomains}
      />
      <Select
        label="A first SSO sign-in"
        name="newOperators"
        defaultValue={settings?.newOperatorRole ?? "existing"}
        error={errors.newOperators}
      >
        <option value="existing">Admits only operators who already exist</option>
        {SSO_NEW_OPERATOR_ROLES.map((role) => (
          <option key={role} value={role}>
            Creates an operator with the role {role}
          </option>
        ))}
      </Select>
      <div className="flex gap-2">
        <Button type="submit" pending={save.pending}>
          Save
        </Button>
        {settings && (
          <Button variant="ghost" onClick={() => setConfirming(true)}>
            Turn off SSO
          </Button>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Turn off single sign-on?"
        description="The Sign in with SSO button goes away and the client secret is deleted. Operators without a password they know cannot sign in until an owner sets one."
        confirmLabel="Turn off"
        pending={remove.pending}
        onConfirm={() => remove.run({})}
      />
    </form>
  );
}

/** Who may sign in with a password: everyone, or owners only (who keep it, so SSO can never lock the console). */
export function PasswordSignInForm({ ownersOnly }: { ownersOnly: boolean }) {
  const save = useAction(setPasswordSignInAction, { success: "Saved." });
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        void save.run({ ownersOnly: new FormData(event.currentTarget).get("passwordSignIn") === "owners" });
      }}
    >
      <Select
        label="Who may sign in with a password"
        name="passwordSignIn"
        defaultValue={ownersOnly ? "owners" : "everyone"}
        hint="With owners only, every other operator signs in with SSO; their password is refused."
      >
        <option value="everyone">Every operator</option>
        <option value="owners">Owners only</option>
      </Select>
      <Button type="submit" pending={save.pending}>
        Save
      </Button>
    </form>
  );
}
