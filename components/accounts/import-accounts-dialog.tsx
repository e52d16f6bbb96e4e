"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { importAccountsAction } from "@/lib/actions/accounts/import-accounts";
import { parseCsv } from "@/lib/csv";
import { validateUserId } from "@/lib/usersig/browser";
import { IMPORT_CHUNK_ROWS, MAX_IMPORT_ROWS } from "@/lib/validations/accounts";
import { MAX_SERVER_ACTION_BYTES } from "@/lib/validations/limits";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { Table, Td } from "@/components/ui/table";

type RowError = { row: number; userId: string; message: string };
type Progress = {
  done: number;
  total: number;
  imported: number;
  errors: RowError[];
  finished: boolean;
  failure?: string;
};

const COLUMNS = ["userId", "externalId", "nickname", "faceUrl"] as const;
// Headroom below the server-action cap for the action's own encoding.
const IMPORT_CHUNK_BYTES = MAX_SERVER_ACTION_BYTES * 0.6;

/**
 * Reads the CSV in the browser and sends it in chunks, so a 100k-row file
 * shows progress and one bad row never blocks the good ones. Duplicates
 * across chunks are caught here; the server checks every row again.
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
  const [progress, setProgress] = useState<Progress | null>(null);
  const [fileError, setFileError] = useState<string>();
  const router = useRouter();
  const running = progress !== null && !progress.finished;

  async function start(file: File) {
    setFileError(undefined);
    const rows = parseCsv(await file.text()).map((cells, index) => ({ cells, row: index + 1 }));
    if (rows[0] && rows[0].cells[0]?.trim().toLowerCase() === "userid") rows.shift();
    const data = rows.filter((r) => r.cells.some((cell) => cell.trim() !== ""));
    if (data.length === 0) return setFileError("The file has no rows.");
    if (data.length > MAX_IMPORT_ROWS)
      return setFileError(
        `The file has ${data.length.toLocaleString("en-US")} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString("en-US")} at a time.`,
      );
    const seen = new Map<string, number>();
    const state: Progress = { done: 0, total: data.length, imported: 0, errors: [], finished: false };
    setProgress({ ...state });
    // Chunks stay under both the row cap and the server-action body limit (1 MB).
    let start = 0;
    while (start < data.length) {
      const chunk = [];
      let bytes = 0;
      let end = start;
      for (; end < data.length && end - start < IMPORT_CHUNK_ROWS && bytes < IMPORT_CHUNK_BYTES; end++) {
        const { cells, row } = data[end]!;
        bytes += cells.reduce((sum, cell) => sum + cell.length * 3 + 16, 40);
        const [userId = "", externalId = "", nickname = "", faceUrl = ""] = cells.map((cell) => cell.trim());
        const first = seen.get(userId);
        const problem = validateUserId(userId);
        if (problem) state.errors.push({ row, userId: userId.slice(0, 64), message: problem });
        else if (first !== undefined) state.errors.push({ row, userId, message: `Duplicate of row ${first}.` });
        else {
          seen.set(userId, row);
          chunk.push({
            row,
            userId,
            externalId: externalId.slice(0, 128),
            nickname: nickname.slice(0, 100),
            faceUrl: faceUrl.slice(0, 500),
          });
        }
      }
      const result =
        chunk.length > 0
          ? await importAccountsAction({ sdkAppId, rows: chunk }).catch(() => null)
          : { ok: true as const, data: { imported: 0, errors: [] } };
      if (!result || !result.ok) {
        state.failure =
          result?.error ?? "The console could not reach the server; the rows before this point were imported.";
        break;
      }
      state.imported += result.data.imported;
      state.errors.push(...result.data.errors);
      state.done = end;
      start = end;
      setProgress({ ...state, errors: [...state.errors] });
    }
    state.errors.sort((a, b) => a.row - b.row);
    setProgress({ ...state, finished: true });
    // The chunks' action leaves the page alone (re-rendering the list after every chunk would be wasted work): one refresh at the end.
    if (state.imported > 0) router.refresh();
  }

  const percent = progress ? Math.round((progress.done / progress.total) * 100) : 0;
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
        {progress && (
          <div className="space-y-3">
            <div>
              <div className="mb-1 flex justify-between text-sm">
                <span>{progress.finished ? "Import finished" : "Importing…"}</span>
                <span className="tabular-nums">
                  {progress.done.toLocaleString("en-US")} / {progress.total.toLocaleString("en-US")} rows
                </span>
              </div>
              <progress className="h-2 w-full accent-indigo-600" max={100} value={percent} aria-label="Import progress">
                {percent}%
              </progress>
            </div>
            {progress.finished && (
              <p role="status" className="text-sm">
                <strong>{progress.imported.toLocaleString("en-US")}</strong> imported,{" "}
                <strong>{progress.errors.length.toLocaleString("en-US")}</strong> rejected.
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
                  {progress.errors.slice(0, 500).map((error) => (
                    <tr key={`${error.row}`}>
                      <Td className="tabular-nums">{error.row}</Td>
                      <Td className="font-mono break-all">{error.userId || "(empty)"}</Td>
                      <Td>{error.message}</Td>
                    </tr>
                  ))}
                </Table>
                {progress.errors.length > 500 && (
                  <p className="mt-2 text-xs text-slate-500">Showing the first 500 problems.</p>
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
