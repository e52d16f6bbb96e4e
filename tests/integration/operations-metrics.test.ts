// The Prometheus endpoint of a node with two workers: one scrape of the
// supervisor's port gives the totals of both, and traffic moves the counters
// by exactly what was sent. No label holds a UserID, token or address.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { freePort } from "../support/postgres-cluster";
import { startServer, type TestServer } from "../support/server";
import { adminQuery, call, newApp, userSigFor } from "./api-helpers";

let server: TestServer;
let metricsUrl: string;

before(async () => {
  const port = await freePort();
  server = await startServer({
    databaseUrl: process.env.DATABASE_URL,
    apiOnly: true,
    env: { TESSERA_WORKERS: "2", TESSERA_METRICS_PORT: String(port) },
  });
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
});
after(() => server?.stop());

type Samples = Map<string, number>;

async function scrape(): Promise<Samples> {
  const response = await fetch(metricsUrl);
  assert.equal(response.status, 200);
  const samples: Samples = new Map();
  for (const line of (await response.text()).split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

/** A sample's name with its labels in the order the metric declares them, as prom-client writes it. */
const sample = (name: string, labels: Record<string, string | number>) =>
  `${name}{${Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(",")}}`;

const change = (before: Samples, after: Samples, key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);

/** The change of every sample of `name` whose labels include `match`, summed. */
function changeWhere(before: Samples, after: Samples, name: string, match: string): number {
  let total = 0;
  for (const key of new Set([...before.keys(), ...after.keys()]))
    if (key.startsWith(`${name}{`) && key.includes(match)) total += change(before, after, key);
  return total;
}

describe("metrics", () => {
  test("logins, issued and revoked UserSigs, REST calls and HTTP requests move by exactly the traffic, summed over both workers", async () => {
    const sdkAppId = await newApp("Metrics app");
    const base = server.baseUrl;
    const first = await scrape();

    const good = await Promise.all(
      ["m_1", "m_2", "m_3"].map(async (userId) => [userId, await userSigFor(sdkAppId, userId)]),
    );
    // Enough requests that both workers answer some (the port is shared; the kernel spreads connections).
    for (const [userId, userSig] of good) {
      const reply = await call("/api/v1/login", { base, body: { sdkAppId, userId, userSig } });
      assert.equal(reply.status, 200, reply.text);
    }
    for (const userId of ["m_bad_1", "m_bad_2"]) {
      const reply = await call("/api/v1/login", { base, body: { sdkAppId, userId, userSig: "eJxbroken" } });
      assert.equal(reply.body.error.code, 70003, reply.text);
    }
    const issued = await call(`/api/v1/usersig?${await adminQuery(sdkAppId)}`, {
      base,
      body: { userIds: ["m_4", "m_5"] },
    });
    assert.equal(issued.status, 200, issued.text);
    const tickets: string[] = JSON.stringify(issued.body).match(/eJ[A-Za-z0-9*_-]{20,}/g) ?? [];
    assert.equal(tickets.length, 2, issued.text);
    const revoked = await call(`/api/v1/usersig/revoke?${await adminQuery(sdkAppId)}`, {
      base,
      body: { userSigs: [tickets[0]] },
    });
    assert.equal(revoked.status, 200, revoked.text);
    const check = await call(`/v4/im_open_login_svc/account_check?${await adminQuery(sdkAppId)}`, {
      base,
      body: { CheckItem: [{ UserID: "m_1" }] },
    });
    assert.equal(check.body.ErrorCode, 0, check.text);
    const unknown = await call(`/v4/no_such/command?${await adminQuery(sdkAppId)}`, { base, body: {} });
    assert.equal(unknown.body.ErrorCode, 60009, unknown.text);

    const second = await scrape();
    const app = String(sdkAppId);
    assert.equal(change(first, second, sample("tessera_logins_total", { app, code: 0 })), 3);
    assert.equal(changeWhere(first, second, "tessera_logins_total", 'code="70003"'), 2);
    assert.equal(change(first, second, sample("tessera_usersigs_issued_total", { app, kind: "usersig" })), 2);
    assert.equal(change(first, second, sample("tessera_usersigs_revoked_total", { app })), 1);
    const rest = (command: string, code: number) => sample("tessera_rest_calls_total", { command, code });
    assert.equal(change(first, second, rest("im_open_login_svc/account_check", 0)), 1);
    assert.equal(change(first, second, rest("unknown", 60009)), 1);
    const http = (route: string, method: string, status: number) =>
      sample("tessera_http_requests_total", { route, method, status });
    assert.equal(change(first, second, http("/api/v1/login", "POST", 200)), 3);
    assert.equal(change(first, second, http("/api/v1/login", "POST", 400)), 2);
    assert.equal(change(first, second, http("/api/v1/usersig", "POST", 200)), 1);
    assert.equal(change(first, second, http("/v4/:service/:command", "POST", 200)), 2);
    assert.equal(
      change(
        first,
        second,
        sample("tessera_http_request_duration_seconds_count", { route: "/api/v1/login", method: "POST", status: 200 }),
      ),
      3,
    );
    assert.ok((second.get("tessera_group_commit_batch_size_count") ?? 0) > 0, "group commits are measured");
    // Both workers answered: the process metrics are summed over two processes.
    assert.ok((second.get("nodejs_heap_size_total_bytes") ?? 0) > 0);
    assert.equal(second.get("tessera_database_gauges_up"), 1);
    for (const gauge of [
      "tessera_callback_queue_depth",
      "tessera_audit_sealing_lag_seconds",
      "tessera_audit_verify_ok",
    ])
      assert.ok(second.has(gauge), `${gauge} is exported`);

    const labels = [...second.keys()].join("\n");
    for (const secret of [...good.flat(), ...tickets, "m_bad_1", "127."])
      assert.ok(!labels.includes(secret), `a label holds ${secret.slice(0, 12)}…`);
  });

  test("the metrics port answers only GET /metrics, and the public port does not serve metrics", async () => {
    assert.equal((await fetch(metricsUrl.replace("/metrics", "/"))).status, 404);
    assert.equal((await call("/metrics", { base: server.baseUrl })).status, 404);
  });
});
