// Where a state callback's connection really goes (issue 19, server-side
// request forgery): postCallback through the callback dispatcher, against a
// receiver on 127.0.0.1. Every loopback spelling is refused before any
// socket is opened; a name is resolved once per connection, every address
// it returns is checked, and the socket goes to the address that was
// checked, so a rebinding name cannot reach the receiver; an allowed network
// is reached. Names resolve through an injected resolver; a "public" address
// is never connected to: the dial below refuses it without a packet sent.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildConnector } from "undici";
import { type Receiver, startReceiver } from "../support/callback-receiver";
import { LOOPBACK_SPELLINGS } from "../support/internal-destinations";

const { callbackDispatcher } = await import("@/lib/callbacks/outbound");
const { parseNetworks } = await import("@/lib/callbacks/address-policy");
const { postCallback } = await import("@/lib/callbacks/deliver");

const BODY = JSON.stringify({ CallbackCommand: "State.StateChange", EventTime: 0, Info: {} });
/** A public address (example.com's) that stands for any App Server on the internet; never dialled. */
const PUBLIC = "93.184.215.14";

let receiver: Receiver;
let port: string;

before(async () => {
  receiver = await startReceiver();
  port = new URL(receiver.url("/")).port;
});

after(async () => {
  await receiver.close();
});

const networks = (...list: string[]) => {
  const parsed = parseNetworks(list);
  assert.ok("networks" in parsed);
  return parsed.networks;
};

/**
 * A network for one test: `names` is its DNS (a function per name is asked
 * at each lookup), `allowed` its allowed networks. Every dial is recorded;
 * only 127.0.0.1 is really connected to, anything else is refused as if
 * nobody listened there, so no test sends a packet beyond loopback.
 */
function network(names: Record<string, string[] | ((lookup: number) => string[])>, allowed: string[] = []) {
  const lookups: string[] = [];
  const dialled: string[] = [];
  const real = buildConnector({ timeout: 2000 });
  const dispatcher = callbackDispatcher({
    allowed: networks(...allowed),
    resolve: async (hostname) => {
      lookups.push(hostname);
      const answer = names[hostname];
      if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
      return typeof answer === "function" ? answer(lookups.filter((name) => name === hostname).length) : answer;
    },
    dial: (options, callback) => {
      dialled.push(options.hostname);
      if (options.hostname === "127.0.0.1") return real(options, callback);
      callback(Object.assign(new Error(`connect ECONNREFUSED ${options.hostname}`), { code: "ECONNREFUSED" }), null);
    },
  });
  return { dispatcher, lookups, dialled };
}

const atPath = (path: string) => receiver.received.filter((r) => r.path === path);

describe("callback delivery: where the connection goes", () => {
  test("every loopback spelling is refused before a socket is opened, and says why", async () => {
    const { dispatcher, dialled, lookups } = network({});
    for (const host of LOOPBACK_SPELLINGS) {
      const outcome = await postCallback(`http://${host}:${port}/spelling`, BODY, dispatcher);
      assert.equal(outcome.ok, false, host);
      assert.ok(!outcome.ok);
      assert.match(outcome.error, /^Not sent: /, `${host}: ${outcome.error}`);
      assert.match(outcome.error, /loopback|IPv4 address itself|unspecified/, host);
      assert.deepEqual([outcome.status, outcome.latencyMs], [null, null], `${host}: nothing was contacted`);
    }
    assert.deepEqual(dialled, [], "no socket was opened");
    assert.deepEqual(lookups, [], "no literal and no localhost name went to the resolver");
    assert.equal(atPath("/spelling").length, 0);
    await dispatcher.close();
  });

  test("a name that resolves to loopback is refused with what it resolved to; so is one with any internal address", async () => {
    const { dispatcher, dialled } = network({
      "app-server.test": ["127.0.0.1"],
      "mixed.test": [PUBLIC, "10.0.0.7"],
      "meta.test": ["169.254.169.254"],
    });
    const loopback = await postCallback(`http://app-server.test:${port}/named`, BODY, dispatcher);
    assert.ok(!loopback.ok);
    assert.equal(
      loopback.error,
      "Not sent: app-server.test resolves to 127.0.0.1, and 127.0.0.1 is a loopback address (this server itself): state callbacks go only to public addresses; to reach an internal App Server, add its network to TESSERA_CALLBACK_ALLOWED_NETWORKS.",
    );
    const mixed = await postCallback(`http://mixed.test:${port}/named`, BODY, dispatcher);
    assert.ok(!mixed.ok);
    assert.match(
      mixed.error,
      /^Not sent: mixed\.test resolves to 93\.184\.215\.14, 10\.0\.0\.7, and 10\.0\.0\.7 is a private/,
    );
    const meta = await postCallback(`http://meta.test/latest/meta-data/`, BODY, dispatcher);
    assert.ok(!meta.ok);
    assert.match(meta.error, /169\.254\.169\.254 is a link-local address .* never reach/);
    const unknown = await postCallback(`http://nowhere.test:${port}/named`, BODY, dispatcher);
    assert.deepEqual(unknown, {
      ok: false,
      status: null,
      latencyMs: unknown.latencyMs,
      error: "The host name did not resolve.",
    });
    assert.deepEqual(dialled, []);
    assert.equal(atPath("/named").length, 0);
    await dispatcher.close();
  });

  test("a rebinding name (public first, loopback next) never reaches the loopback receiver", async () => {
    const { dispatcher, dialled, lookups } = network({
      "rebind.test": (lookup) => (lookup === 1 ? [PUBLIC] : ["127.0.0.1"]),
    });
    const first = await postCallback(`http://rebind.test:${port}/rebind`, BODY, dispatcher);
    assert.ok(!first.ok);
    assert.equal(first.error, "Connection refused.", "sent to the public address it was checked for");
    const second = await postCallback(`http://rebind.test:${port}/rebind`, BODY, dispatcher);
    assert.ok(!second.ok);
    assert.match(second.error, /^Not sent: rebind\.test resolves to 127\.0\.0\.1/);
    assert.deepEqual(
      lookups,
      ["rebind.test", "rebind.test"],
      "one lookup per connection, none between check and connect",
    );
    assert.deepEqual(dialled, [PUBLIC], "the socket went to the address that was checked, never to the name");
    assert.equal(atPath("/rebind").length, 0);
    await dispatcher.close();
  });

  test("an allowed network is reached, by address and by a name resolving into it; the rest of loopback is not", async () => {
    const { dispatcher, dialled } = network({ "app-server.test": ["127.0.0.1"], "other.test": ["127.0.0.2"] }, [
      "127.0.0.1/32",
    ]);
    const byAddress = await postCallback(`http://127.0.0.1:${port}/allowed`, BODY, dispatcher);
    assert.equal(byAddress.ok, true, JSON.stringify(byAddress));
    const byName = await postCallback(`http://app-server.test:${port}/allowed?x=1`, BODY, dispatcher);
    assert.equal(byName.ok, true, JSON.stringify(byName));
    assert.equal(atPath("/allowed").length, 2);
    assert.equal(atPath("/allowed")[1]!.headers.host, `app-server.test:${port}`, "the Host header keeps the name");

    for (const url of [
      `http://other.test:${port}/allowed`,
      `http://127.0.0.2:${port}/allowed`,
      `http://localhost:${port}/allowed`,
    ]) {
      const outcome = await postCallback(url, BODY, dispatcher);
      assert.ok(!outcome.ok);
      assert.match(outcome.error, /^Not sent: .*(127\.0\.0\.2|::1) is a loopback address/, url);
    }
    assert.equal(atPath("/allowed").length, 2);
    assert.ok(dialled.every((address) => address === "127.0.0.1"));
    await dispatcher.close();
  });

  test("metadata, link-local and embedded IPv4 stay refused even when every network is allowed", async () => {
    const { dispatcher, dialled } = network({ "metadata.tencentyun.test": ["169.254.0.23"] }, ["0.0.0.0/0", "::/0"]);
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00:ec2::254]/latest/meta-data/",
      "http://100.100.100.200/latest/meta-data/",
      "http://metadata.tencentyun.test/latest/meta-data/",
      `http://0.0.0.0:${port}/metadata`,
      `http://[::ffff:127.0.0.1]:${port}/metadata`,
    ]) {
      const outcome = await postCallback(url, BODY, dispatcher);
      assert.ok(!outcome.ok);
      assert.match(outcome.error, /never reach/, url);
    }
    assert.deepEqual(dialled, []);
    assert.equal(atPath("/metadata").length, 0);
    await dispatcher.close();
  });
});
