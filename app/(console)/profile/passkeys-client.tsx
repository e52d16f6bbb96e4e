"use client";
import { useState } from "react";
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

type Mode = { adding: true } | { removing: PasskeyDto } | null;

/** The profile's passkeys: each with when it was added and last used; add one (name, password, the browser's prompt), remove one (password). */
export function PasskeysPanel({ passkeys }: { passkeys: PasskeyDto[] }) {
  const [mode, setMode] = useState<Mode>(null);
  const start = useAction(startPasskeyRegistrationAction);
  const add = useAction(addPasskeyAction, { success: "Passkey added." });
  const remove = useAction(removePasskeyAction, { success: "Passkey removed." });
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
            toast.error("No passkey was made: the prompt was cancelled, or this browser or device cannot make one.");
            return;
          }
          if (await add.run({ name, response })) setMode(null);
        }}
      >
        <Input
          label="Name"
          name="name"
          maxLength={60}
          required
          hint="Which device or key this is, so you can tell them apart."
          error={add.fieldErrors.name}
        />
        <Input
          label="Your password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={start.fieldErrors.password}
        />
        <div className="flex gap-2">
          <Button type="submit" pending={start.pending || add.pending}>
            Add passkey
          </Button>
          <Button variant="secondary" onClick={() => setMode(null)}>
            Cancel
          </Button>
        </div>
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
          Remove the passkey <strong>{mode.removing.name}</strong>? It will no longer sign you in.
        </p>
        <Input
          label="Your password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={remove.fieldErrors.password}
        />
        <div className="flex gap-2">
          <Button type="submit" variant="danger" pending={remove.pending}>
            Remove passkey
          </Button>
          <Button variant="secondary" onClick={() => setMode(null)}>
            Cancel
          </Button>
        </div>
      </form>
    );

  return (
    <div className="space-y-3 text-sm">
      {passkeys.length === 0 ? (
        <p className="text-slate-600">No passkeys yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Your passkeys">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="flex items-center justify-between gap-3 px-3 py-2">
              <div>
                <p className="font-medium">{passkey.name}</p>
                <p className="text-slate-600">
                  Added {formatDate(passkey.createdAt)} · Last used{" "}
                  {passkey.lastUsedAt ? formatDate(passkey.lastUsedAt) : "never"}
                </p>
              </div>
              <Button
                variant="secondary"
                size="sm"
                aria-label={`Remove ${passkey.name}`}
                onClick={() => setMode({ removing: passkey })}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Button onClick={() => setMode({ adding: true })}>Add a passkey</Button>
    </div>
  );
}
