"use client";
import { useState } from "react";
import { generatePrivateMapKeyAction } from "@/lib/actions/tickets/generate-private-map-key";
import { PRIVILEGES, type PrivilegeName } from "@/lib/usersig/browser";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Input, Select, Textarea } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { useAction } from "@/components/ui/use-action";
import { ToolPanel } from "@/components/tools/tool-panel";
import { ValidityField } from "@/components/tools/validity-field";

export const PRIVILEGE_LABELS: Record<PrivilegeName, string> = {
  createRoom: "Create room",
  enterRoom: "Enter room",
  sendAudio: "Send audio",
  receiveAudio: "Receive audio",
  sendVideo: "Send video",
  receiveVideo: "Receive video",
  sendSubStream: "Send sub-stream (screen share)",
  receiveSubStream: "Receive sub-stream",
};

const SHORT_PRESETS = [
  { label: "5 minutes", seconds: 300 },
  { label: "1 hour", seconds: 3600 },
  { label: "1 day", seconds: 86_400 },
];

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
  const generate = useAction(generatePrivateMapKeyAction, { success: "PrivateMapKey generated." });
  const bits = privileges.reduce((sum, name) => sum | PRIVILEGES[name], 0);
  return (
    <ToolPanel
      onSubmit={async () => {
        const result = await generate.run({ sdkAppId, userId, room, roomType, expire, privileges });
        if (result) setIssued(result.data);
      }}
      placeholder="Pass the PrivateMapKey to enterRoom as privateMapKey. Keep its validity short."
      result={
        issued && (
          <>
            <Textarea label="PrivateMapKey" readOnly rows={6} value={issued.ticket} />
            <CopyButton value={issued.ticket} label="Copy PrivateMapKey" />
            <p className="text-sm text-slate-600">Expires {formatDate(issued.expiresAt)}.</p>
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
          label="Room type"
          value={roomType}
          onChange={(event) => setRoomType(event.target.value as "number" | "string")}
        >
          <option value="number">Number</option>
          <option value="string">String</option>
        </Select>
        <Input
          label="Room"
          value={room}
          onChange={(event) => setRoom(event.target.value)}
          required
          error={generate.fieldErrors.room}
        />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">
          Privileges <span className="font-normal text-slate-500">(map {bits})</span>
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
              {PRIVILEGE_LABELS[name]} ({PRIVILEGES[name]})
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
        Generate PrivateMapKey
      </Button>
    </ToolPanel>
  );
}
