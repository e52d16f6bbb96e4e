"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { Card } from "@/components/ui/card";
import { GenerateUserSig } from "@/components/tools/generate-user-sig";
import { GeneratePrivateMapKey } from "@/components/tools/generate-private-map-key";
import { VerifyUserSig } from "@/components/tools/verify-user-sig";
import { DecodeUserSig } from "@/components/tools/decode-user-sig";
import { RevokeUserSig } from "@/components/tools/revoke-user-sig";

const TABS = [
  { id: "generate", label: "tabs.generate" },
  { id: "privatemapkey", label: "tabs.privatemapkey" },
  { id: "verify", label: "tabs.verify" },
  { id: "decode", label: "tabs.decode" },
  { id: "revoke", label: "tabs.revoke" },
] as const;

type TabId = (typeof TABS)[number]["id"];

/** `maxExpire`: the longest validity the operator's role may issue, when it is limited. */
export function UserSigTools(props: {
  sdkAppId: number;
  enabled: boolean;
  defaultUserId: string;
  canIssue: boolean;
  canVerify: boolean;
  canRevoke: boolean;
  maxExpire?: number;
}) {
  const text = useTranslations("tools");
  const [tab, setTab] = useState<TabId>(props.canIssue ? "generate" : "decode");
  // Each "Verify it" from Generate counts up, and Verify (kept mounted while
  // hidden) is keyed by the count: a new prefill starts it with fresh state.
  const [verifyPrefill, setVerifyPrefill] = useState<{ userId: string; userSig: string; count: number } | null>(null);
  const locked = (text: string) => <p className="text-sm text-slate-600">{text}</p>;
  return (
    <Card>
      <div
        role="tablist"
        aria-label={text("label")}
        className="mb-5 flex gap-1 overflow-x-auto border-b border-slate-200"
        onKeyDown={(event) => {
          if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
          const index = TABS.findIndex((t) => t.id === tab);
          const next = TABS[(index + (event.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]!;
          setTab(next.id);
          document.getElementById(`tab-${next.id}`)?.focus();
        }}
      >
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            role="tab"
            type="button"
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
              tab === t.id
                ? "border-indigo-600 text-indigo-700"
                : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {text(t.label)}
          </button>
        ))}
      </div>
      {TABS.map((t) => (
        <div key={t.id} id={`panel-${t.id}`} role="tabpanel" aria-labelledby={`tab-${t.id}`} hidden={tab !== t.id}>
          {t.id === "generate" &&
            (props.canIssue ? (
              <GenerateUserSig
                sdkAppId={props.sdkAppId}
                enabled={props.enabled}
                defaultUserId={props.defaultUserId}
                maxExpire={props.maxExpire}
                onVerify={(prefill) => {
                  setVerifyPrefill((previous) => ({ ...prefill, count: (previous?.count ?? 0) + 1 }));
                  setTab("verify");
                }}
              />
            ) : (
              locked(text("lockedGenerate"))
            ))}
          {t.id === "privatemapkey" &&
            (props.canIssue ? (
              <GeneratePrivateMapKey sdkAppId={props.sdkAppId} enabled={props.enabled} maxExpire={props.maxExpire} />
            ) : (
              locked(text("lockedPrivateMapKey"))
            ))}
          {t.id === "verify" &&
            (props.canVerify ? (
              <VerifyUserSig key={verifyPrefill?.count ?? 0} sdkAppId={props.sdkAppId} prefill={verifyPrefill} />
            ) : (
              locked(text("lockedVerify"))
            ))}
          {t.id === "decode" && <DecodeUserSig />}
          {t.id === "revoke" &&
            (props.canRevoke ? <RevokeUserSig sdkAppId={props.sdkAppId} /> : locked(text("lockedRevoke")))}
        </div>
      ))}
    </Card>
  );
}
