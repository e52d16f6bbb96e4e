import { useTranslations } from "next-intl";

/** Recovery codes, shown once: the server keeps only their hashes. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const t = useTranslations("twoFactor");
  return (
    <div className="space-y-2 text-sm">
      <p className="font-medium text-slate-800">{t("saveCodes")}</p>
      <ol className="grid grid-cols-2 gap-1 rounded-md bg-slate-50 p-3 font-mono" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
    </div>
  );
}
