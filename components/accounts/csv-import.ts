import { CsvReader } from "@/lib/csv";
import { validateUserId } from "@/lib/usersig/browser";
import { IMPORT_CHUNK_ROWS, type ImportChunkRow, MAX_IMPORT_ROWS } from "@/lib/validations/accounts";
import { MAX_SERVER_ACTION_BYTES } from "@/lib/validations/limits";

// The browser's half of the CSV import: the file is read as a stream, twice
// (once to count and cap it, once to send it), and sent in chunks that each
// stay under the row cap and the server-action body limit. At any time the
// page holds one piece of the file, the chunk being sent, the next one being
// read, the first SHOWN_ERRORS problems and a table of seen UserIDs' hashes,
// so a 1M-row file costs the page tens of MB, not the file as objects.

export type RowError = { row: number; userId: string; message: string };
export type ImportProgress = {
  /** Data rows handled so far, of `total`. */
  done: number;
  total: number;
  imported: number;
  /** The first SHOWN_ERRORS problems in row order; `rejected` counts them all. */
  errors: RowError[];
  rejected: number;
  finished: boolean;
  failure?: string;
};
export type ChunkResult = { ok: true; data: { imported: number; errors: RowError[] } } | { ok: false; error: string };

/** Problems listed in the dialog; past this the dialog gives the count only. */
export const SHOWN_ERRORS = 1_000;
// Headroom below the server-action cap for the action's own encoding.
const CHUNK_BYTES = MAX_SERVER_ACTION_BYTES * 0.6;

type FileRow = { cells: string[]; row: number };

// A row's keys, row number and punctuation in the action's JSON body.
const ROW_BYTES = 64;
const PLAIN_JSON = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/** An upper bound on a text's size in the JSON body: itself when plain ASCII, else six bytes a character (a \uXXXX escape). */
const jsonBytes = (text: string) => (PLAIN_JSON.test(text) ? text.length : text.length * 6);

/** The file's rows that hold anything, numbered as records of the file (a header row is skipped), a piece at a time. */
async function* fileRows(file: Blob): AsyncGenerator<FileRow[]> {
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  const csv = new CsvReader();
  let row = 0;
  const numbered = (rows: string[][]) => {
    const kept: FileRow[] = [];
    for (const cells of rows) {
      row++;
      if (row === 1 && cells[0]?.trim().toLowerCase() === "userid") continue;
      if (cells.some((cell) => cell.trim() !== "")) kept.push({ cells, row });
    }
    return kept;
  };
  for (let read = await reader.read(); !read.done; read = await reader.read()) yield numbered(csv.push(read.value));
  yield numbered(csv.end());
}

/** How many data rows the file has (what the import's progress counts and the cap applies to). */
export async function countRows(file: Blob): Promise<number> {
  let count = 0;
  for await (const rows of fileRows(file)) count += rows.length;
  return count;
}

/**
 * The UserIDs seen so far, to report a repeat as "Duplicate of row N" across
 * chunks without keeping a million strings (about 100 MB of heap): an
 * open-addressing table of 64-bit hashes and row numbers, 24 bytes per row.
 * Two UserIDs sharing a hash (odds about 1 in 10^7 in a 1M-row file) would
 * report the later one as a duplicate: a row shown as rejected, never a
 * row lost or imported twice (the server refuses existing UserIDs anyway).
 */
export class SeenUserIds {
  private readonly high: Uint32Array;
  private readonly low: Uint32Array;
  private readonly rows: Uint32Array;
  private readonly mask: number;

  constructor(capacity: number) {
    let size = 1024;
    while (size < capacity * 2) size *= 2;
    this.high = new Uint32Array(size);
    this.low = new Uint32Array(size);
    this.rows = new Uint32Array(size);
    this.mask = size - 1;
  }

  /** The row that had this UserID first; or, for a new one, undefined, and it is recorded at `row` (from 1). */
  firstRow(userId: string, row: number): number | undefined {
    // cyrb53's mixing, both 32-bit lanes kept.
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < userId.length; i++) {
      const c = userId.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    const high = h1 >>> 0;
    const low = h2 >>> 0;
    for (let slot = high & this.mask; ; slot = (slot + 1) & this.mask) {
      if (this.rows[slot] === 0) {
        this.high[slot] = high;
        this.low[slot] = low;
        this.rows[slot] = row;
        return undefined;
      }
      if (this.high[slot] === high && this.low[slot] === low) return this.rows[slot];
    }
  }
}

type Chunk = { rows: ImportChunkRow[]; errors: RowError[]; done: number; firstRow: number; lastRow: number };

/** The file's rows checked and grouped into chunks; problems the browser can see are reported here, the server checks every row again. */
async function* chunksOf(file: Blob, total: number): AsyncGenerator<Chunk> {
  const seen = new SeenUserIds(total);
  let chunk: Chunk | null = null;
  let bytes = 0;
  let done = 0;
  for await (const rows of fileRows(file)) {
    for (const { cells, row } of rows) {
      // The table holds `total` UserIDs; a file that grew since it was counted is not read on.
      if (++done > total) throw new Error("The file changed while it was read; choose it again.");
      chunk ??= { rows: [], errors: [], done, firstRow: row, lastRow: row };
      const [userId = "", externalId = "", nickname = "", faceUrl = ""] = cells.map((cell) => cell.trim());
      const problem = validateUserId(userId);
      const first = problem ? undefined : seen.firstRow(userId, row);
      if (problem) chunk.errors.push({ row, userId: userId.slice(0, 64), message: problem });
      else if (first !== undefined) chunk.errors.push({ row, userId, message: `Duplicate of row ${first}.` });
      else {
        const sent = {
          row,
          userId,
          externalId: externalId.slice(0, 128),
          nickname: nickname.slice(0, 100),
          faceUrl: faceUrl.slice(0, 500),
        };
        chunk.rows.push(sent);
        bytes +=
          ROW_BYTES +
          jsonBytes(userId) +
          jsonBytes(sent.externalId) +
          jsonBytes(sent.nickname) +
          jsonBytes(sent.faceUrl);
      }
      chunk.done = done;
      chunk.lastRow = row;
      // Rows refused here count too, so a file of bad rows is held a chunk at a time like any other.
      if (chunk.rows.length + chunk.errors.length >= IMPORT_CHUNK_ROWS || bytes >= CHUNK_BYTES) {
        yield chunk;
        chunk = null;
        bytes = 0;
      }
    }
  }
  if (chunk) yield chunk;
}

/**
 * Imports the file chunk by chunk through `send` (the server action),
 * reporting progress after each chunk. While one chunk is on its way the
 * next is read and checked. A chunk that fails is retried once when the
 * server could not be reached; then the import stops and says which rows
 * were not imported (importing the same file again skips existing accounts,
 * so nothing is doubled). Returns a message instead when the file cannot be
 * imported at all (empty, over the cap), before anything is sent.
 */
export async function importCsv(
  file: Blob,
  send: (rows: ImportChunkRow[]) => Promise<ChunkResult>,
  onProgress: (progress: ImportProgress) => void,
): Promise<{ fileError: string } | { progress: ImportProgress }> {
  const total = await countRows(file);
  if (total === 0) return { fileError: "The file has no rows." };
  if (total > MAX_IMPORT_ROWS)
    return {
      fileError: `The file has ${total.toLocaleString("en-US")} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString("en-US")} at a time.`,
    };
  const state: ImportProgress = { done: 0, total, imported: 0, errors: [], rejected: 0, finished: false };
  const report = () => onProgress({ ...state, errors: [...state.errors] });
  report();

  const attempt = async (chunk: Chunk): Promise<ChunkResult> => {
    if (chunk.rows.length === 0) return { ok: true, data: { imported: 0, errors: [] } };
    for (let tries = 1; ; tries++) {
      try {
        return await send(chunk.rows);
      } catch {
        if (tries === 2) return { ok: false, error: "The console could not reach the server." };
      }
    }
  };
  const apply = (chunk: Chunk, result: ChunkResult): boolean => {
    if (!result.ok) {
      state.failure = `Rows ${chunk.firstRow.toLocaleString("en-US")} to ${chunk.lastRow.toLocaleString("en-US")} were not imported: ${result.error} The rows before them were imported and the rest of the file was not sent; importing the same file again skips the accounts that exist.`;
      return false;
    }
    const errors = [...chunk.errors, ...result.data.errors].sort((a, b) => a.row - b.row);
    state.imported += result.data.imported;
    state.rejected += errors.length;
    state.errors.push(...errors.slice(0, Math.max(0, SHOWN_ERRORS - state.errors.length)));
    state.done = chunk.done;
    report();
    return true;
  };

  let pending: { chunk: Chunk; result: Promise<ChunkResult> } | null = null;
  try {
    for await (const chunk of chunksOf(file, total)) {
      if (pending && !apply(pending.chunk, await pending.result)) {
        pending = null;
        break;
      }
      pending = { chunk, result: attempt(chunk) };
    }
    if (pending) apply(pending.chunk, await pending.result);
  } catch (error) {
    // Reading failed (the file was moved or changed); the chunk already sent still counts.
    if (pending) apply(pending.chunk, await pending.result);
    state.failure ??= `${error instanceof Error ? error.message : "The file could not be read."} Only the first ${state.done.toLocaleString("en-US")} rows were handled.`;
  }
  state.finished = true;
  report();
  return { progress: { ...state } };
}
