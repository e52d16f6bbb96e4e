"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
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

/** An example of the address an App Server receives callbacks at. */
const EXAMPLE_URL = "https://app.example.com/tencent-callback";

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
  const t = useTranslations("callbacks");
  const format = useFormatter();
  const save = useAction(setCallbackAction, { success: t("saved") });
  const remove = useAction(removeCallbackAction, { success: ({ cancelled }) => t("turnedOff", { cancelled }) });
  const description = t("description");

  if (!canWrite) {
    return (
      <Card title={t("title")} description={description}>
        {config ? (
          <dl className="grid gap-2 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-slate-500">URL</dt>
            <dd className="font-mono break-all">{config.url}</dd>
            <dt className="text-slate-500">{t("events")}</dt>
            <dd>{config.actions.join(", ")}</dd>
            <dt className="text-slate-500">{t("token")}</dt>
            <dd>{config.hasToken ? t("tokenSet") : t("tokenNone")}</dd>
          </dl>
        ) : (
          <p className="text-sm text-slate-600">{t("notConfigured")}</p>
        )}
      </Card>
    );
  }
  return (
    <Card title={t("title")} description={description}>
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
          label={t("url")}
          name="url"
          type="url"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          error={save.fieldErrors.url}
          placeholder={EXAMPLE_URL}
          hint={t("urlHint")}
          maxLength={MAX_CALLBACK_URL}
          required
        />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">{t("eventsToSend")}</legend>
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
              {t(`actions.${action}`)}
            </label>
          ))}
          {save.fieldErrors.actions && (
            <p className="text-sm text-red-600" role="alert">
              {save.fieldErrors.actions}
            </p>
          )}
        </fieldset>
        <Input
          label={config?.hasToken ? t("newToken") : t("token")}
          name="token"
          type="password"
          autoComplete="new-password"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          error={save.fieldErrors.token}
          hint={config?.hasToken ? t("tokenKeepHint") : t("tokenHint", { max: MAX_CALLBACK_TOKEN })}
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
            {t("removeToken")}
          </label>
        )}
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" pending={save.pending}>
            {config ? t("save") : t("turnOn")}
          </Button>
          {config && (
            <Button variant="secondary" onClick={() => setConfirming(true)}>
              {t("turnOff")}
            </Button>
          )}
          {config && (
            <span className="text-xs text-slate-500">
              {t("lastChanged", { at: formatDate(format, config.updatedAt) })}
            </span>
          )}
        </div>
      </form>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("turnOffTitle")}
        description={t("turnOffDescription")}
        confirmLabel={t("turnOff")}
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
  const t = useTranslations("callbacks");
  const resend = useAction(resendDeliveryAction, { success: t("resent") });
  return (
    <Button
      variant="ghost"
      size="sm"
      pending={resend.pending}
      aria-label={t("resendLabel", { id })}
      onClick={() => void resend.run({ sdkAppId, id })}
    >
      {t("resend")}
    </Button>
  );
}

export function RefreshButton() {
  const router = useRouter();
  const t = useTranslations("callbacks");
  return (
    <Button variant="secondary" size="sm" onClick={() => router.refresh()}>
      {t("refresh")}
    </Button>
  );
}
