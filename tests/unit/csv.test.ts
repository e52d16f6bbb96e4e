import assert from "node:assert/strict";
import { test } from "node:test";
import { csvLine, parseCsv } from "@/lib/csv";

test("CSV round-trips quotes, commas and line breaks", () => {
  const rows = [["userId", "nickname"], ["a", 'say "hi", then\nleave'], ["b", ""]];
  const text = rows.map(csvLine).join("");
  assert.deepEqual(parseCsv(text), rows);
});

test("CSV parsing accepts LF, CRLF and a missing final newline", () => {
  assert.deepEqual(parseCsv("a,b\nc,d"), [["a", "b"], ["c", "d"]]);
  assert.deepEqual(parseCsv("a,b\r\nc,d\r\n"), [["a", "b"], ["c", "d"]]);
  assert.deepEqual(parseCsv("x,,z\n"), [["x", "", "z"]]);
});

test("cells a spreadsheet would run as a formula are neutralised on export", () => {
  assert.equal(csvLine(["=HYPERLINK(1)", "@x", "+1", "plain"]), "'=HYPERLINK(1),'@x,'+1,plain\r\n");
});
