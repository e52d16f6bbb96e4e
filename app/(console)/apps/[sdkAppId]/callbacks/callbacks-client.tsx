"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { removeCallbackAction } from "@/lib/actions/callbacks/remove-callback";
import { resendDeliveryAction } from "@/lib/actions/callbacks/resend-delivery";
import { setCallbackAction } from "@/lib/actions/callbacks/set-callback";
import { CALLBACK_ACTIONS, type CallbackAction } from "@/lib/callbacks/actions";
import { MAX_CALLBACK_TOKEN, MAX_CALLBACK_URL } from "@/lib/validations/callbacks";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { useAction } from "@/components/ui/use-action";

type Config = { url: string; actions: CallbackAction[]; hasToken: boolean; updatedAt: string };

const ACTION_LABELS: Record<CallbackAction, string> = {
  Login: "Login (Register): a user logged in",
  Logout: "Logout (Unregister): a user logged out",
  Disconnect:
    "Disconnect: a session was ended by a kick, a revocation or a deleted account (LinkClose) or ran out (TimeOut)",
};

const DESCRIPTION =
  "Tessera POSTs Tencent's State.StateChange callback to your App Server when one of these happens, with SdkAppid, CallbackCommand, contenttype, ClientIP and OptPlatform in the query and, with a token, RequestTime and Sign = hex(sha256(token + RequestTime)). Any 2xx answer counts as delivered; redirects are not followed.";

export function CallbackForm({
  sdkAppId,
  canWrite,
  config,
}: {
  sdkAppId: number;
  canWrite: boolean;
  config: Config | null;
}) {
  const [url, setUrl] = useState(config?.url ?? "");
  const [actions, setActions] = useState<CallbackAction[]>(config?.actions ?? [...CALLBACK_ACTIONS]);
  const [token, setToken] = useState("");
  const [removeToken, setRemoveToken] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const save = useAction(setCallbackAction, { success: "State callback saved." });
  const remove = useAction(removeCallbackAction, {
    success: ({ cancelled }) =>
      cancelled > 0
        ? `State callbacks turned off; ${cancelled} waiting deliveries failed.`
        : "State callbacks turned off.",
  });

  if (!canWrite) {
    return (
      <Card title="State callback" description={DESCRIPTION}>
        {config ? (
          <dl className="grid gap-2 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-slate-500">URL</dt>
            <dd className="font-mono break-all">{config.url}</dd>
            <dt className="text-slate-500">Events</dt>
            <dd>{config.actions.join(", ")}</dd>
            <dt className="text-slate-500">Token</dt>
            <dd>{config.hasToken ? "set (requests are signed)" : "none (requests are not signed)"}</dd>
          </dl>
        ) : (
          <p className="text-sm text-slate-600">
            No state callback is configured. Admins and owners can configure one.
          </p>
        )}
      </Card>
    );
  }
  return (
    <Card title="State callback" description={DESCRIPTION}>
      <form
        className="space-y-4"
        onSubmit={async (event) => {
          event.preventDefault();
          if (await save.run({ sdkAppId, url, actions, token, removeToken: removeToken && !token })) {
            setToken("");
            setRemoveToken(false);
          }
        }}
      >
        <Input
          label="Callback URL"
          name="url"
          type="url"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          error={save.fieldErrors.url}
          placeholder="https://app.example.com/tencent-callback"
          hint="http:// or https://, at a public address: loopback, private, link-local and other internal addresses are refused unless this server's TESSERA_CALLBACK_ALLOWED_NETWORKS allows them. Only admins can set it."
          maxLength={MAX_CALLBACK_URL}
          required
        />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Events to send</legend>
          {CALLBACK_ACTIONS.map((action) => (
            <label key={action} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-0.5"
                checked={actions.includes(action)}
                onChange={(event) =>
                  setActions((list) => (event.target.checked ? [...list, action] : list.filter((a) => a !== action)))
                }
              />
              {ACTION_LABELS[action]}
            </label>
          ))}
          {save.fieldErrors.actions && (
            <p className="text-sm text-red-600" role="alert">
              {save.fieldErrors.actions}
            </p>
          )}
        </fieldset>
        <Input
          label={config?.hasToken ? "New token" : "Token"}
          name="token"
          type="password"
          autoComplete="new-password"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          error={save.fieldErrors.token}
          hint={
            config?.hasToken
              ? "A token is set; it is never shown again. Leave this empty to keep it."
              : `Optional, up to ${MAX_CALLBACK_TOKEN} printable ASCII characters. With a token, your App Server can check each request's Sign.`
          }
          maxLength={MAX_CALLBACK_TOKEN}
        />
        {config?.hasToken && (
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={removeToken}
              disabled={token !== ""}
              onChange={(event) => setRemoveToken(event.target.checked)}
            />
            Remove the token (send unsigned requests)
          </label>
        )}
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" pending={save.pending}>
            {config ? "Save" : "Turn on state callbacks"}
          </Button>
          {config && (
            <Button variant="secondary" onClick={() => setConfirming(true)}>
              Turn off
            </Button>
          )}
          {config && <span className="text-xs text-slate-500">Last changed {formatDate(config.updatedAt)}</span>}
        </div>
      </form>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Turn off state callbacks?"
        description="The URL and token are removed, no more events are queued, and deliveries still waiting are marked failed."
        confirmLabel="Turn off"
        pending={remove.pending}
        onConfirm={async () => {
          if (await remove.run({ sdkAppId })) {
            setUrl("");
            setToken("");
          }
        }}
      />
    </Card>
  );
}

export function ResendButton({ sdkAppId, id }: { sdkAppId: number; id: number }) {
  const resend = useAction(resendDeliveryAction, { success: "Queued to be sent again." });
  return (
    <Button
      variant="ghost"
      size="sm"
      pending={resend.pending}
      aria-label={`Resend delivery ${id}`}
      onClick={() => void resend.run({ sdkAppId, id })}
    >
      Resend
    </Button>
  );
}

export function RefreshButton() {
  const router = useRouter();
  return (
    <Button variant="secondary" size="sm" onClick={() => router.refresh()}>
      Refresh
    </Button>
  );
}
