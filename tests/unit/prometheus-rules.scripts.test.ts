// The alert rules shipped for Prometheus (lib/metrics/prometheus-rules.yml)
// are valid (`promtool check rules`, from Debian's prometheus package, which
// tests/run-all.ts installs when missing) and name only metrics Tessera has.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import client from "prom-client";

const RULES = "lib/metrics/prometheus-rules.yml";
const { metrics } = await import("@/lib/metrics/registry");
const { registerDatabaseGauges } = await import("@/lib/metrics/database-gauges");

test("promtool check rules accepts the alert rules", () => {
  const result = spawnSync("promtool", ["check", "rules", RULES], { encoding: "utf8" });
  assert.equal(result.error, undefined, "promtool is missing: apt-get install prometheus");
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /SUCCESS: \d+ rules found/);
});

test("every metric the rules name exists, and the rules cover sealing lag, callback backlog, 5xx rate and login failures", () => {
  assert.ok(metrics.httpRequests);
  registerDatabaseGauges();
  const text = readFileSync(RULES, "utf8");
  const named = new Set([...text.matchAll(/\btessera_\w+/g)].map((match) => match[0]));
  for (const name of named)
    assert.ok(client.register.getSingleMetric(name), `${name} is named by the rules but no such metric is registered`);
  for (const alert of [
    "TesseraAuditSealingLag",
    "TesseraCallbackBacklog",
    "TesseraHigh5xxRate",
    "TesseraLoginFailureRate",
  ])
    assert.match(text, new RegExp(`alert: ${alert}\\b`));
});
