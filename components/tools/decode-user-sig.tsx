"use client";
import { useMemo, useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { decodePrivateMapKeyBuf, decodeStandardBase64, decodeUserSig } from "@/lib/usersig/browser";
import { Textarea } from "@/components/ui/field";
import { durationParts, formatDate } from "@/components/ui/format";
import { ToolOutcome, ToolPanel } from "@/components/tools/tool-panel";
import { useErrorMessage } from "@/components/i18n/use-error-message";

/** Decodes in the browser: nothing is sent to the server and no key is needed, so nothing is verified either. */
export function DecodeUserSig() {
  const t = useTranslations("tools");
  const units = useTranslations("units");
  const privilege = useTranslations("privileges");
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  const [ticket, setTicket] = useState("");
  // Read when the ticket changes (an event): a render must not read the clock.
  const [pastedAt, setPastedAt] = useState(0);
  const decoded = useMemo(() => (ticket.trim() ? decodeUserSig(ticket.trim()) : null), [ticket]);
  const mapKey = useMemo(() => {
    if (!decoded?.ok || decoded.value.userBuf === undefined) return null;
    const bytes = decodeStandardBase64(decoded.value.userBuf);
    return bytes.ok ? decodePrivateMapKeyBuf(bytes.bytes) : null;
  }, [decoded]);
  return (
    <ToolPanel
      result={
        decoded &&
        (decoded.ok ? (
          <dl
            className="grid grid-cols-[9rem_1fr] gap-1.5 rounded-md border border-slate-200 p-4 text-sm"
            data-testid="decode-result"
          >
            <dt className="text-slate-600">TLS.ver</dt>
            <dd className="font-mono">{decoded.value.version}</dd>
            <dt className="text-slate-600">TLS.identifier</dt>
            <dd className="font-mono break-all">{decoded.value.identifier}</dd>
            <dt className="text-slate-600">TLS.sdkappid</dt>
            <dd className="font-mono">{decoded.value.sdkAppId}</dd>
            <dt className="text-slate-600">TLS.time</dt>
            <dd>
              {decoded.value.time} ({formatDate(format, decoded.value.time)})
            </dd>
            <dt className="text-slate-600">TLS.expire</dt>
            <dd>
              {decoded.value.expire} ({units("duration", durationParts(decoded.value.expire))})
            </dd>
            <dt className="text-slate-600">{t("expires")}</dt>
            <dd>
              {formatDate(format, decoded.value.time + decoded.value.expire)}
              {pastedAt / 1000 > decoded.value.time + decoded.value.expire && ` ${t("expiredMark")}`}
            </dd>
            <dt className="text-slate-600">TLS.sig</dt>
            <dd className="font-mono break-all">{decoded.value.sig}</dd>
            {decoded.value.userBuf !== undefined && (
              <>
                <dt className="text-slate-600">TLS.userbuf</dt>
                <dd className="font-mono break-all">{decoded.value.userBuf}</dd>
              </>
            )}
            {mapKey?.ok === true && (
              <>
                <dt className="text-slate-600">{t("room")}</dt>
                <dd className="font-mono">{mapKey.value.version === 1 ? mapKey.value.roomStr : mapKey.value.roomId}</dd>
                <dt className="text-slate-600">{t("privileges")}</dt>
                <dd>
                  {mapKey.value.privileges}:{" "}
                  {mapKey.value.privilegeNames.map((name) => privilege(name)).join(t("listSeparator")) || t("none")}
                </dd>
                <dt className="text-slate-600">{t("roomAccessUntil")}</dt>
                <dd>{formatDate(format, mapKey.value.expireAt)}</dd>
              </>
            )}
          </dl>
        ) : (
          <ToolOutcome ok={false} title={t("cannotDecode", { code: decoded.code })}>
            <p>{errorMessage(decoded.reason)}</p>
            <p>{errorMessage(decoded.fix)}</p>
          </ToolOutcome>
        ))
      }
    >
      <Textarea
        label={t("userSigToDecode")}
        rows={6}
        value={ticket}
        onChange={(event) => {
          setTicket(event.target.value);
          setPastedAt(Date.now());
        }}
        hint={t("decodeHint")}
      />
    </ToolPanel>
  );
}
