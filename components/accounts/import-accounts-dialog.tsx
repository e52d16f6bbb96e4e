"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { importAccountsAction } from "@/lib/actions/accounts/import-accounts";
import { MAX_IMPORT_ROWS } from "@/lib/validations/accounts";
import { type ImportProgress, SHOWN_ERRORS, importCsv } from "@/components/accounts/csv-import";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { Table, Td } from "@/components/ui/table";

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
      title="Import accounts from CSV"
      description={
        <>
          Columns: {COLUMNS.join(", ")} (header row optional). Up to {MAX_IMPORT_ROWS.toLocaleString("en-US")} rows;
          good rows are imported, the others reported.
        </>
      }
    >
      <div className="space-y-4">
        <Input
          label="CSV file"
          type="file"
          accept=".csv,text/csv"
          disabled={running}
          error={fileError}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void start(file);
          }}
        />
        {reading && !progress && <p className="text-sm">Reading the file…</p>}
        {progress && (
          <div className="space-y-3">
            <div>
              <div className="mb-1 flex justify-between text-sm">
                <span>{progress.finished ? "Import finished" : "Importing…"}</span>
                <span className="tabular-nums">
                  {progress.done.toLocaleString("en-US")} / {progress.total.toLocaleString("en-US")} rows
                </span>
              </div>
              <progress
                className="h-2 w-full accent-indigo-600"
                max={progress.total}
                value={progress.done}
                aria-label="Import progress"
                aria-valuemin={0}
                aria-valuemax={progress.total}
                aria-valuenow={progress.done}
                aria-valuetext={`${progress.done.toLocaleString("en-US")} of ${progress.total.toLocaleString("en-US")} rows`}
              >
                {Math.floor((progress.done / progress.total) * 100)}%
              </progress>
            </div>
            {progress.finished && (
              <p role="status" className="text-sm">
                <strong>{progress.imported.toLocaleString("en-US")}</strong> imported,{" "}
                <strong>{progress.rejected.toLocaleString("en-US")}</strong> rejected.
              </p>
            )}
            {progress.failure && (
              <p role="alert" className="text-sm text-red-600">
                {progress.failure}
              </p>
            )}
            {progress.errors.length > 0 && (
              <div>
                <Table
                  label="Rejected rows"
                  className="max-h-64 overflow-y-auto"
                  columns={["Row", "UserID", "Problem"]}
                >
                  {progress.errors.map((error) => (
                    <tr key={error.row}>
                      <Td className="tabular-nums">{error.row}</Td>
                      <Td className="font-mono break-all">{error.userId || "(empty)"}</Td>
                      <Td>{error.message}</Td>
                    </tr>
                  ))}
                </Table>
                {progress.rejected > progress.errors.length && (
                  <p className="mt-2 text-xs text-slate-500">
                    Showing the first {SHOWN_ERRORS.toLocaleString("en-US")} of{" "}
                    {progress.rejected.toLocaleString("en-US")} problems.
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
            Close
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
