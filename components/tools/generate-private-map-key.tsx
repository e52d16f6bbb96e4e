"use client";
import { useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { generatePrivateMapKeyAction } from "@/lib/actions/tickets/generate-private-map-key";
import { PRIVILEGES, type PrivilegeName } from "@/lib/usersig/browser";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Input, Select, Textarea } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { useAction } from "@/components/ui/use-action";
import { ToolPanel } from "@/components/tools/tool-panel";
import { ValidityField } from "@/components/tools/validity-field";

const SHORT_PRESETS = [300, 3600, 86_400];

export function GeneratePrivateMapKey({
  sdkAppId,
  enabled,
  maxExpire,
}: {
  sdkAppId: number;
  enabled: boolean;
  maxExpire?: number;
}) {
  const [userId, setUserId] = useState("");
  const [room, setRoom] = useState("");
  const [roomType, setRoomType] = useState<"number" | "string">("number");
  const [expire, setExpire] = useState(Math.min(3600, maxExpire ?? Infinity));
  const [privileges, setPrivileges] = useState<PrivilegeName[]>(["enterRoom", "receiveAudio", "receiveVideo"]);
  const [issued, setIssued] = useState<{ ticket: string; expiresAt: number } | null>(null);
  const t = useTranslations("tools");
  const privilege = useTranslations("privileges");
  const format = useFormatter();
  const generate = useAction(generatePrivateMapKeyAction, { success: t("privateMapKeyGenerated") });
  const bits = privileges.reduce((sum, name) => sum | PRIVILEGES[name], 0);
  return (
    <ToolPanel
      onSubmit={async () => {
        const result = await generate.run({ sdkAppId, userId, room, roomType, expire, privileges });
        if (result) setIssued(result.data);
      }}
      placeholder={t("privateMapKeyPlaceholder")}
      result={
        issued && (
          <>
            <Textarea label="PrivateMapKey" readOnly rows={6} value={issued.ticket} />
            <CopyButton value={issued.ticket} label={t("copyPrivateMapKey")} />
            <p className="text-sm text-slate-600">{t("expiresAt", { at: formatDate(format, issued.expiresAt) })}</p>
          </>
        )
      }
    >
      <Input
        label="UserID"
        value={userId}
        onChange={(event) => setUserId(event.target.value)}
        required
        error={generate.fieldErrors.userId}
      />
      <div className="grid grid-cols-[8rem_1fr] gap-2">
        <Select
          label={t("roomType")}
          value={roomType}
          onChange={(event) => setRoomType(event.target.value as "number" | "string")}
        >
          <option value="number">{t("roomNumber")}</option>
          <option value="string">{t("roomString")}</option>
        </Select>
        <Input
          label={t("room")}
          value={room}
          onChange={(event) => setRoom(event.target.value)}
          required
          error={generate.fieldErrors.room}
        />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">
          {t("privileges")}
          <span className="font-normal text-slate-500">{t("privilegeMap", { bits })}</span>
        </legend>
        <div className="grid gap-1.5 sm:grid-cols-2">
          {(Object.keys(PRIVILEGES) as PrivilegeName[]).map((name) => (
            <label key={name} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={privileges.includes(name)}
                onChange={(event) =>
                  setPrivileges((list) => (event.target.checked ? [...list, name] : list.filter((p) => p !== name)))
                }
              />
              {privilege(name)} ({PRIVILEGES[name]})
            </label>
          ))}
        </div>
        {generate.fieldErrors.privileges && (
          <p className="text-sm text-red-600" role="alert">
            {generate.fieldErrors.privileges}
          </p>
        )}
      </fieldset>
      <ValidityField
        value={expire}
        onChange={setExpire}
        error={generate.fieldErrors.expire}
        presets={SHORT_PRESETS}
        max={maxExpire}
      />
      <Button type="submit" pending={generate.pending} disabled={!enabled}>
        {t("generatePrivateMapKey")}
      </Button>
    </ToolPanel>
  );
}
