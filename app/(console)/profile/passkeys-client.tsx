"use client";
import { useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { startRegistration } from "@simplewebauthn/browser";
import type { PasskeyDto } from "@/lib/validations/passkeys";
import { startPasskeyRegistrationAction } from "@/lib/actions/passkeys/start-passkey-registration";
import { addPasskeyAction } from "@/lib/actions/passkeys/add-passkey";
import { removePasskeyAction } from "@/lib/actions/passkeys/remove-passkey";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { useAction } from "@/components/ui/use-action";
import { useToast } from "@/components/ui/toast";
import { CurrentPasswordInput, SubmitOrCancel } from "@/components/ui/confirm-fields";

type Mode = { adding: true } | { removing: PasskeyDto } | null;

/** The profile's passkeys: each with when it was added and last used; add one (name, password, the browser's prompt), remove one (password). */
export function PasskeysPanel({ passkeys }: { passkeys: PasskeyDto[] }) {
  const [mode, setMode] = useState<Mode>(null);
  const t = useTranslations("passkeys");
  const format = useFormatter();
  const start = useAction(startPasskeyRegistrationAction);
  const add = useAction(addPasskeyAction, { success: t("added") });
  const remove = useAction(removePasskeyAction, { success: t("removed") });
  const toast = useToast();
  const field = (form: HTMLFormElement, name: string) => String(new FormData(form).get(name));

  if (mode && "adding" in mode)
    return (
      <form
        className="space-y-4"
        onSubmit={async (event) => {
          event.preventDefault();
          const name = field(event.currentTarget, "name");
          const options = await start.run({ password: field(event.currentTarget, "password") });
          if (!options) return;
          let response;
          try {
            response = await startRegistration({ optionsJSON: options.data });
          } catch {
            toast.error(t("noneMade"));
            return;
          }
          if (await add.run({ name, response })) setMode(null);
        }}
      >
        <Input
          label={t("name")}
          name="name"
          maxLength={60}
          required
          hint={t("nameHintProfile")}
          error={add.fieldErrors.name}
        />
        <CurrentPasswordInput error={start.fieldErrors.password} />
        <SubmitOrCancel label={t("add")} pending={start.pending || add.pending} onCancel={() => setMode(null)} />
      </form>
    );

  if (mode && "removing" in mode)
    return (
      <form
        className="space-y-4"
        onSubmit={async (event) => {
          event.preventDefault();
          const password = field(event.currentTarget, "password");
          if (await remove.run({ id: mode.removing.id, password })) setMode(null);
        }}
      >
        <p className="text-sm">
          {t.rich("removeQuestion", { name: mode.removing.name, strong: (chunks) => <strong>{chunks}</strong> })}
        </p>
        <CurrentPasswordInput error={remove.fieldErrors.password} />
        <SubmitOrCancel
          label={t("removeSubmit")}
          variant="danger"
          pending={remove.pending}
          onCancel={() => setMode(null)}
        />
      </form>
    );

  return (
    <div className="space-y-3 text-sm">
      {passkeys.length === 0 ? (
        <p className="text-slate-600">{t("none")}</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label={t("yours")}>
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="flex items-center justify-between gap-3 px-3 py-2">
              <div>
                <p className="font-medium">{passkey.name}</p>
                <p className="text-slate-600">
                  {t("usage", {
                    added: formatDate(format, passkey.createdAt),
                    lastUsed: passkey.lastUsedAt ? formatDate(format, passkey.lastUsedAt) : t("never"),
                  })}
                </p>
              </div>
              <Button
                variant="secondary"
                size="sm"
                aria-label={t("removeLabel", { name: passkey.name })}
                onClick={() => setMode({ removing: passkey })}
              >
                {t("remove")}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Button onClick={() => setMode({ adding: true })}>{t("addOne")}</Button>
    </div>
  );
}
