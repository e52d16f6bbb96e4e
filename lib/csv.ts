// CSV in both directions, RFC 4180 style. Shared by the browser (import) and
// the server (export). Cells that a spreadsheet would run as a formula
// (starting, after any white space, with = + - @ tab or CR) are prefixed with a
// quote on export.

export function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

function csvCell(value: string): string {
  const safe = /^\s*[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * A CSV download read batch by batch as the client takes it: the next batch
 * is fetched only when the previous one has been sent (a pull stream), so a
 * slow client holds one batch in memory, never the whole file, and one that
 * goes away stops the reading.
 */
export function csvStream<T>(
  header: string[],
  batches: AsyncIterable<T[]>,
  cells: (row: T) => string[],
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = batches[Symbol.asyncIterator]();
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(header)));
    },
    async pull(controller) {
      const batch = await rows.next();
      if (batch.done) controller.close();
      else controller.enqueue(encoder.encode(batch.value.map((row) => csvLine(cells(row))).join("")));
    },
    async cancel() {
      await rows.return?.();
    },
  });
}

/** Parses CSV text into rows of cells (quoted fields, escaped quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const reader = new CsvReader();
  return [...reader.push(text), ...reader.end()];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * parseCsv for text that arrives in pieces (a File's stream): each push
 * returns the rows its piece completed, so a file of any size is read
 * holding one piece and one unfinished row. The last character of a piece is
 * kept for the next one, because a quote or a CR means something different
 * depending on the character after it.
 */
export class CsvReader {
  private rest = "";
  private row: string[] = [];
  private cell = "";
  private quoted = false;

  push(piece: string, last = false): string[][] {
    const rows: string[][] = [];
    const text = this.rest + piece;
    const stop = last ? text.length : text.length - 1;
    // Plain runs are sliced out of the text in one go rather than copied character by character.
    let i = 0;
    let run = 0;
    while (i < stop) {
      const c = text.charCodeAt(i);
      if (this.quoted) {
        if (c !== QUOTE) i++;
        else {
          this.cell += text.slice(run, i);
          if (text.charCodeAt(i + 1) === QUOTE) {
            this.cell += '"';
            i += 2;
          } else {
            this.quoted = false;
            i++;
          }
          run = i;
        }
      } else if (c === QUOTE && run === i && this.cell === "") {
        this.quoted = true;
        run = ++i;
      } else if (c === COMMA) {
        this.row.push(this.cell + text.slice(run, i));
        this.cell = "";
        run = ++i;
      } else if (c === LF || c === CR) {
        this.row.push(this.cell + text.slice(run, i));
        rows.push(this.row);
        this.row = [];
        this.cell = "";
        i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        run = i;
      } else i++;
    }
    this.cell += text.slice(run, i);
    this.rest = text.slice(i);
    return rows;
  }

  /** The rows the last piece left unfinished (a file need not end with a line break). */
  end(): string[][] {
    const rows = this.push("", true);
    if (this.cell !== "" || this.row.length > 0) {
      this.row.push(this.cell);
      rows.push(this.row);
    }
    this.row = [];
    this.cell = "";
    return rows;
  }
}
