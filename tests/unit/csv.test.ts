import assert from "node:assert/strict";
import { test } from "node:test";
import { CsvReader, csvLine, parseCsv } from "@/lib/csv";

test("CSV round-trips quotes, commas and line breaks", () => {
  const rows = [
    ["userId", "nickname"],
    ["a", 'say "hi", then\nleave'],
    ["b", ""],
  ];
  const text = rows.map(csvLine).join("");
  assert.deepEqual(parseCsv(text), rows);
});

test("CSV parsing accepts LF, CRLF and a missing final newline", () => {
  assert.deepEqual(parseCsv("a,b\nc,d"), [
    ["a", "b"],
    ["c", "d"],
  ]);
  assert.deepEqual(parseCsv("a,b\r\nc,d\r\n"), [
    ["a", "b"],
    ["c", "d"],
  ]);
  assert.deepEqual(parseCsv("x,,z\n"), [["x", "", "z"]]);
});

test("cells a spreadsheet would run as a formula are neutralised on export", () => {
  assert.equal(csvLine(["=HYPERLINK(1)", "@x", "+1", "plain"]), "'=HYPERLINK(1),'@x,'+1,plain\r\n");
});

test("formula neutralising covers '-' and leading white space (a sign-in email lands in the audit export)", () => {
  const attack = "-2+3+cmd|' /c calc'!a0";
  assert.equal(csvLine([attack]), `'${attack}\r\n`);
  for (const cell of ["  =1+1", " @SUM(A1)", "\t=1", "\r=1", " -1"])
    assert.ok(parseCsv(csvLine([cell]))[0]![0]!.startsWith("'"), JSON.stringify(cell));
  assert.equal(
    csvLine(["a-b", "x@y.z", "1+1"]),
    "a-b,x@y.z,1+1\r\n",
    "a formula character later in the cell is harmless",
  );
});

test("CSV read in pieces gives the same rows wherever the pieces break", () => {
  const text = 'a,"b ""q""",c\r\n"x\r\ny",,\r\n\n"",last';
  const whole = parseCsv(text);
  for (let size = 1; size <= text.length; size++) {
    const reader = new CsvReader();
    const rows: string[][] = [];
    for (let at = 0; at < text.length; at += size) rows.push(...reader.push(text.slice(at, at + size)));
    rows.push(...reader.end());
    assert.deepEqual(rows, whole, `pieces of ${size}`);
  }
  assert.deepEqual(whole, [["a", 'b "q"', "c"], ["x\r\ny", "", ""], [""], ["", "last"]]);
});
