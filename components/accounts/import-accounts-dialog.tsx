"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { importAccountsAction } from "@/lib/actions/accounts/import-accounts";
import { MAX_IMPORT_ROWS } from "@/lib/validations/accounts";
import { type ImportProgress, SHOWN_ERRORS, importCsv } from "@/components/accounts/csv-import";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { Table, Td } from "@/components/ui/table";
import { useErrorMessage } from "@/components/i18n/use-error-message";

const COLUMNS = ["userId", "externalId", "nickname", "faceUrl"] as const;

/**
 * Streams the CSV from the file in chunks (./csv-import.ts), so a
 * million-row file shows progress, keeps the page's memory bounded, and one
 * bad row never blocks the good ones.
 */
export function ImportAccountsDialog({
  sdkAppId,
  open,
  onClose,
}: {
  sdkAppId: number;
  open: boolean;
  onClose: () => void;
}) {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [reading, setReading] = useState(false);
  const [fileError, setFileError] = useState<string>();
  const router = useRouter();
  const t = useTranslations("importAccounts");
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  const running = reading || (progress !== null && !progress.finished);

  async function start(file: File) {
    setFileError(undefined);
    setProgress(null);
    setReading(true);
    try {
      const outcome = await importCsv(file, (rows) => importAccountsAction({ sdkAppId, rows }), setProgress);
      if ("fileError" in outcome) setFileError(outcome.fileError);
      // The chunks' action leaves the page alone (re-rendering the list after every chunk would be wasted work): one refresh at the end.
      else if (outcome.progress.imported > 0) router.refresh();
    } finally {
      setReading(false);
    }
  }

  return (
    <Dialog
      open={open}
      onClose={() => {
        if (running) return;
        setProgress(null);
        onClose();
      }}
      title={t("title")}
      description={t("description", { columns: COLUMNS.join(", "), max: format.number(MAX_IMPORT_ROWS) })}
    >
      <div className="space-y-4">
        <Input
          label={t("file")}
          type="file"
          accept=".csv,text/csv"
          disabled={running}
          error={fileError && errorMessage(fileError)}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void start(file);
          }}
        />
        {reading && !progress && <p className="text-sm">{t("reading")}</p>}
        {progress && (
          <div className="space-y-3">
            <div>
              <div className="mb-1 flex justify-between text-sm">
                <span>{progress.finished ? t("finished") : t("importing")}</span>
                <span className="tabular-nums">
                  {t("rows", { done: format.number(progress.done), total: format.number(progress.total) })}
                </span>
              </div>
              <progress
                className="h-2 w-full accent-indigo-600"
                max={progress.total}
                value={progress.done}
                aria-label={t("progress")}
                aria-valuemin={0}
                aria-valuemax={progress.total}
                aria-valuenow={progress.done}
                aria-valuetext={t("rowsOf", {
                  done: format.number(progress.done),
                  total: format.number(progress.total),
                })}
              >
                {format.number(progress.done / progress.total, { style: "percent", maximumFractionDigits: 0 })}
              </progress>
            </div>
            {progress.finished && (
              <p role="status" className="text-sm">
                {t.rich("summary", {
                  imported: format.number(progress.imported),
                  rejected: format.number(progress.rejected),
                  strong: (chunks) => <strong>{chunks}</strong>,
                })}
              </p>
            )}
            {progress.failure && (
              <p role="alert" className="text-sm text-red-600">
                {errorMessage(progress.failure)}
              </p>
            )}
            {progress.errors.length > 0 && (
              <div>
                <Table
                  label={t("rejectedRows")}
                  className="max-h-64 overflow-y-auto"
                  columns={[t("row"), "UserID", t("problem")]}
                >
                  {progress.errors.map((error) => (
                    <tr key={error.row}>
                      <Td className="tabular-nums">{error.row}</Td>
                      <Td className="font-mono break-all">{error.userId || t("emptyUserId")}</Td>
                      <Td>{errorMessage(error.message)}</Td>
                    </tr>
                  ))}
                </Table>
                {progress.rejected > progress.errors.length && (
                  <p className="mt-2 text-xs text-slate-500">
                    {t("showingFirst", {
                      shown: format.number(SHOWN_ERRORS),
                      rejected: format.number(progress.rejected),
                    })}
                  </p>
                )}
              </div>
            )}
          </div>
        )}
        <div className="flex justify-end">
          <Button
            variant="secondary"
            disabled={running}
            onClick={() => {
              setProgress(null);
              onClose();
            }}
          >
            {t("close")}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
