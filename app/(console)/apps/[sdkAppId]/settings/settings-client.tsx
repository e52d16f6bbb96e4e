"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { deleteAppAction } from "@/lib/actions/apps/delete-app";
import { renameAppAction } from "@/lib/actions/apps/rename-app";
import { setAppStatusAction } from "@/lib/actions/apps/set-app-status";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog, FormDialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";

export function AppSettings({
  sdkAppId,
  name,
  status,
  canWrite,
}: {
  sdkAppId: number;
  name: string;
  status: "enabled" | "disabled";
  canWrite: boolean;
}) {
  const router = useRouter();
  const [newName, setNewName] = useState(name);
  const [confirming, setConfirming] = useState<"disable" | "delete" | null>(null);
  const [typed, setTyped] = useState("");
  const t = useTranslations("settings");
  const rename = useAction(renameAppAction, { success: t("renamed") });
  const setStatus = useAction(setAppStatusAction, {
    success: status === "enabled" ? t("disabledToast") : t("enabledToast"),
  });
  const remove = useAction(deleteAppAction, { success: t("deletedToast") });
  if (!canWrite)
    return (
      <Card title={t("title")}>
        <p className="text-sm text-slate-600">{t("readOnly")}</p>
      </Card>
    );
  return (
    <div className="space-y-6">
      <Card title={t("name")}>
        <form
          className="flex flex-wrap items-start gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            void rename.run({ sdkAppId, name: newName });
          }}
        >
          <Input
            className="min-w-56 flex-1"
            label={t("appName")}
            value={newName}
            onChange={(event) => setNewName(event.target.value)}
            error={rename.fieldErrors.name}
            required
            maxLength={64}
          />
          <Button type="submit" className="mt-6" pending={rename.pending} disabled={newName.trim() === name}>
            {t("rename")}
          </Button>
        </form>
      </Card>
      <Card title={t("status")} description={status === "enabled" ? t("enabledDescription") : t("disabledDescription")}>
        {status === "enabled" ? (
          <Button variant="danger" onClick={() => setConfirming("disable")}>
            {t("disable")}
          </Button>
        ) : (
          <Button pending={setStatus.pending} onClick={() => setStatus.run({ sdkAppId, status: "enabled" })}>
            {t("enable")}
          </Button>
        )}
      </Card>
      <Card title={t("delete")} description={t("deleteDescription")}>
        {status === "enabled" ? (
          <p className="text-sm text-slate-600">{t("disableFirst")}</p>
        ) : (
          <Button variant="danger" onClick={() => setConfirming("delete")}>
            {t("deleteApp")}
          </Button>
        )}
      </Card>
      <ConfirmDialog
        open={confirming === "disable"}
        onClose={() => setConfirming(null)}
        title={t("disableTitle", { name })}
        description={t("disableDescription")}
        confirmLabel={t("disableConfirm")}
        pending={setStatus.pending}
        onConfirm={() => setStatus.run({ sdkAppId, status: "disabled" })}
      />
      <FormDialog
        open={confirming === "delete"}
        onClose={() => {
          setConfirming(null);
          setTyped("");
        }}
        title={t("deleteTitle", { name })}
        description={t("deleteConfirmDescription")}
        submitLabel={t("deletePermanently")}
        submitVariant="danger"
        submitDisabled={typed !== name}
        pending={remove.pending}
        onSubmit={async () => {
          const result = await remove.run({ sdkAppId, confirmName: typed });
          if (result) router.push("/apps");
          return result;
        }}
      >
        <Input
          label={t("appName")}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          error={remove.fieldErrors.confirmName}
          autoComplete="off"
        />
      </FormDialog>
    </div>
  );
}
