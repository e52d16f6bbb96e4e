// Where state callbacks may go (issue 19, server-side request forgery): only
// public unicast addresses, in whatever spelling a URL names them, unless
// TESSERA_CALLBACK_ALLOWED_NETWORKS allows an internal network; the
// unspecified address, link-local and cloud metadata, multicast and IPv6
// forms that embed an IPv4 address never. Pure functions, no network.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { LOOPBACK_SPELLINGS } from "../support/internal-destinations";
import { testSecrets } from "../support/test-env";

const { addressProblem, hostProblem, parseNetworks, urlDestinationProblem } =
  await import("@/lib/callbacks/address-policy");
const { parseEnv } = await import("@/lib/env");

const networks = (...list: string[]) => {
  const parsed = parseNetworks(list);
  assert.ok("networks" in parsed, JSON.stringify(parsed));
  return parsed.networks;
};

describe("callback destinations: saved URLs", () => {
  test("every spelling of loopback and of this host is refused, with the reason", () => {
    for (const host of LOOPBACK_SPELLINGS) {
      const problem = urlDestinationProblem(`http://${host}:8080/tencent-callback`, []);
      assert.ok(problem, `${host} was accepted`);
      assert.match(problem, /^Refused: /, host);
      assert.match(
        problem,
        /loopback|this server itself|IPv4 address itself|unspecified/,
        `${host}: the reason names what it is: ${problem}`,
      );
    }
    assert.match(urlDestinationProblem("http://2130706433/", [])!, /127\.0\.0\.1 is a loopback address/);
    assert.match(
      urlDestinationProblem("http://localhost/", [])!,
      /localhost stands for 127\.0\.0\.1 and ::1, and 127\.0\.0\.1 is a loopback address/,
    );
    assert.match(
      urlDestinationProblem("http://[::ffff:127.0.0.1]/", [])!,
      /IPv4-mapped IPv6 address \(write the IPv4 address itself\), which state callbacks never reach/,
    );
    assert.match(urlDestinationProblem("http://0.0.0.0/", [])!, /unspecified address/);
  });

  test("every range that is not public unicast is refused", () => {
    const refused: [string, RegExp][] = [
      ["10.1.2.3", /private network/],
      ["172.16.0.1", /private network/],
      ["192.168.1.1", /private network/],
      ["169.254.169.254", /link-local.*never/],
      ["169.254.0.23", /link-local.*never/], // Tencent Cloud's metadata service
      ["100.64.0.1", /carrier-grade NAT/],
      ["100.100.100.200", /cloud metadata.*never/],
      ["0.1.2.3", /unspecified/],
      ["224.0.0.1", /multicast.*never/],
      ["239.255.255.250", /multicast.*never/],
      ["255.255.255.255", /broadcast.*never/],
      ["240.0.0.1", /reserved/],
      ["192.0.2.1", /documentation/],
      ["198.51.100.1", /documentation/],
      ["203.0.113.1", /documentation/],
      ["198.18.0.1", /reserved/],
      ["192.0.0.8", /reserved/],
      ["::1", /loopback/],
      ["::", /unspecified.*never/],
      ["fe80::1", /link-local.*never/],
      ["fc00::1", /unique-local/],
      ["fd12:3456::1", /unique-local/],
      ["fd00:ec2::254", /cloud metadata.*never/],
      ["ff02::1", /multicast.*never/],
      ["fec0::1", /site-local/],
      ["2001:db8::1", /reserved or documentation/],
      ["100::1", /discard/],
      ["::ffff:10.0.0.1", /IPv4-mapped.*never/],
      ["::ffff:8.8.8.8", /IPv4-mapped.*never/],
      ["::10.0.0.1", /IPv4-compatible.*never/],
      ["64:ff9b::a00:1", /NAT64.*never/],
      ["64:ff9b:1::a00:1", /NAT64.*never/],
      ["2002:a00:1::", /6to4.*never/],
      ["2001:0:4136:e378:8000:63bf:3fff:fdd2", /Teredo.*never/],
      ["::ffff:0:a00:1", /IPv4-translated.*never/],
      ["4000::1", /reserved/],
    ];
    for (const [address, reason] of refused) {
      const problem = addressProblem(address, []);
      assert.ok(problem, `${address} was accepted`);
      assert.match(problem, reason, address);
    }
  });

  test("public addresses and host names pass; names are checked when they are resolved, at delivery", () => {
    for (const address of ["1.1.1.1", "8.8.8.8", "93.184.215.14", "2606:4700::1111", "2a00:1450:4001::200e"])
      assert.equal(addressProblem(address, []), null, address);
    for (const url of [
      "https://hooks.example.com/tim",
      "http://93.184.215.14:8080/cb",
      "https://[2606:4700::1111]/cb",
      "http://internal-app-server/cb",
    ])
      assert.equal(urlDestinationProblem(url, []), null, url);
  });

  test("an allowed network opens its internal range, but never metadata, link-local, unspecified, multicast or embedded IPv4", () => {
    const allowed = networks("127.0.0.0/8", "10.20.0.0/16", "fd12:3456::/32");
    assert.equal(addressProblem("127.0.0.1", allowed), null);
    assert.equal(urlDestinationProblem("http://127.1:9000/", allowed), null, "any spelling of an allowed address");
    assert.equal(addressProblem("10.20.3.4", allowed), null);
    assert.equal(addressProblem("fd12:3456::9", allowed), null);
    assert.match(addressProblem("10.21.0.1", allowed)!, /TESSERA_CALLBACK_ALLOWED_NETWORKS/, "outside the network");
    assert.match(addressProblem("::1", allowed)!, /loopback/, "IPv4 networks do not open IPv6");
    assert.match(hostProblem("localhost", allowed)!, /::1 is a loopback address/, "localhost needs ::1 too");
    assert.equal(hostProblem("localhost", networks("127.0.0.1", "::1")), null);

    const everything = networks("0.0.0.0/0", "::/0");
    for (const address of [
      "169.254.169.254",
      "169.254.0.23",
      "fd00:ec2::254",
      "100.100.100.200",
      "0.0.0.0",
      "::",
      "224.0.0.1",
      "255.255.255.255",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::127.0.0.1",
      "64:ff9b::7f00:1",
    ])
      assert.match(addressProblem(address, everything) ?? "accepted", /never reach/, address);
    assert.equal(addressProblem("192.168.0.10", everything), null);
  });
});

describe("TESSERA_CALLBACK_ALLOWED_NETWORKS", () => {
  const parse = (value?: string) =>
    parseEnv({ ...testSecrets(), TESSERA_CALLBACK_ALLOWED_NETWORKS: value }).TESSERA_CALLBACK_ALLOWED_NETWORKS;

  test("is empty by default and reads CIDR networks and single addresses, separated by commas or spaces", () => {
    assert.deepEqual(parse(undefined), []);
    assert.deepEqual(parse(""), []);
    const list = parse(" 10.20.0.0/16, fd12:3456::/32 192.168.1.7,::1 ");
    assert.deepEqual(
      list.map(([address, bits]) => `${address.toString()}/${bits}`),
      ["10.20.0.0/16", "fd12:3456::/32", "192.168.1.7/32", "::1/128"],
    );
  });

  test("refuses anything else, naming the entry", () => {
    for (const bad of ["10.0.0.0/33", "127.1/8", "0x7f000001", "example.com", "10.0.0.0/8/1", "10.0.0.0/", "::1/129"]) {
      assert.throws(
        () => parse(`10.0.0.0/8,${bad}`),
        (error: Error) =>
          error.message.includes(`TESSERA_CALLBACK_ALLOWED_NETWORKS: "${bad}" is not a network`) &&
          error.message.includes("environment is invalid"),
        bad,
      );
    }
  });
});
