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
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
