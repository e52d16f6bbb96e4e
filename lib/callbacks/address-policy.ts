import ipaddr from "ipaddr.js";

// Which addresses a state callback may be sent to. The callback URL is an
// operator's (anyone with apps.write on one application), and the console
// shows each attempt's status, latency and error, so a callback that could
// reach inside would be a port scanner and a blind POST into the network
// this server sits in. As GitLab's webhooks, Svix and Stripe's Smokescreen
// do, only public unicast addresses are allowed; a deployment whose App
// Servers are internal lists their networks in
// TESSERA_CALLBACK_ALLOWED_NETWORKS (lib/env.ts).
//
// Some destinations stay refused even inside an allowed network: the
// unspecified address (0.0.0.0 reaches this host), broadcast and multicast,
// link-local (169.254.0.0/16 is where AWS, GCP, Azure, Oracle and Tencent
// Cloud serve instance metadata and credentials), the other clouds'
// metadata addresses, and IPv6 forms that embed an IPv4 address (mapped,
// compatible, NAT64, 6to4, Teredo), which would let an allowed IPv6 network
// smuggle any IPv4 address; a URL can name the IPv4 address itself.
//
// Pure: the save-time check (lib/data/callback-config.ts) and the
// delivery-time check of every resolved address (lib/callbacks/outbound.ts)
// both call it with the allowed networks.

type Address = ipaddr.IPv4 | ipaddr.IPv6;
/** A parsed CIDR network: address and prefix length. */
export type Network = [Address, number];

/** Metadata services outside link-local: AWS's IPv6 (Nitro) and Alibaba Cloud's. */
const METADATA = ["fd00:ec2::254/128", "100.100.100.200/32"].map((cidr) => ipaddr.parseCIDR(cidr));
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");
const IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96");

const NEVER: Partial<Record<string, string>> = {
  unspecified: "an unspecified address (it reaches this server itself)",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address (where cloud metadata services answer)",
  ipv4Mapped: "an IPv4-mapped IPv6 address (write the IPv4 address itself)",
  rfc6145: "an IPv4-translated IPv6 address (write the IPv4 address itself)",
  rfc6052: "a NAT64 address (write the IPv4 address itself)",
  "6to4": "a 6to4 address (write the IPv4 address itself)",
  teredo: "a Teredo address (write the IPv4 address itself)",
};

const INTERNAL: Partial<Record<string, string>> = {
  loopback: "a loopback address (this server itself)",
  private: "a private network address",
  carrierGradeNat: "a carrier-grade NAT address",
  uniqueLocal: "a unique-local IPv6 address",
  reserved: "a reserved or documentation address",
  benchmarking: "a benchmarking address",
  amt: "a reserved address",
  as112: "a reserved address",
  as112v6: "a reserved address",
  deprecatedSiteLocal: "a site-local IPv6 address",
  discard: "a discard-only IPv6 address",
  orchid2: "a reserved address",
  deprecatedOrchid: "a reserved address",
  droneRemoteIdProtocolEntityTags: "a reserved address",
  segmentRouting: "a segment-routing IPv6 address",
};

const SEE_ALLOW_LIST =
  "state callbacks go only to public addresses; to reach an internal App Server, add its network to TESSERA_CALLBACK_ALLOWED_NETWORKS";

/**
 * Parses a list of CIDR networks (a bare address is the network of that one
 * address); returns the networks, or the first entry that is not one.
 */
export function parseNetworks(list: string[]): { networks: Network[] } | { invalid: string } {
  const networks: Network[] = [];
  for (const entry of list) {
    const [address = "", bits, ...rest] = entry.split("/");
    // Only the usual spellings: ipaddr.js also reads 127.1 and 0x7f000001, which nobody means in a network list.
    if (rest.length > 0 || !(ipaddr.IPv4.isValidFourPartDecimal(address) || ipaddr.IPv6.isValid(address)))
      return { invalid: entry };
    const parsed = ipaddr.parse(address);
    const max = parsed.kind() === "ipv4" ? 32 : 128;
    const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (!(prefix >= 0 && prefix <= max)) return { invalid: entry };
    networks.push([parsed, prefix]);
  }
  return { networks };
}

const inNetwork = (address: Address, [base, bits]: Network) =>
  address.kind() === base.kind() && address.match(base, bits);

/** What kind of destination `address` is when it is not plain public unicast, and whether an allowed network can open it. */
function classify(address: Address): { kind: string; never: boolean } | null {
  if (METADATA.some((network) => inNetwork(address, network)))
    return { kind: "a cloud metadata service's address", never: true };
  const range = address.range();
  const never = NEVER[range];
  if (never) return { kind: never, never: true };
  // ipaddr.js calls the rest of the IPv6 space unicast; only 2000::/3 is assigned as such.
  if (range === "unicast" && address.kind() === "ipv6") {
    if (inNetwork(address, IPV4_COMPATIBLE))
      return { kind: "an IPv4-compatible IPv6 address (write the IPv4 address itself)", never: true };
    if (!inNetwork(address, GLOBAL_UNICAST_V6)) return { kind: "a reserved address", never: false };
  }
  if (range === "unicast") return null;
  return { kind: INTERNAL[range] ?? "a reserved address", never: false };
}

/**
 * Why a callback may not be sent to `address` (an IP address in any form
 * ipaddr.js reads), or null when it may. The reason names the address and
 * what it is, so the console can show it as it is.
 */
export function addressProblem(address: string, allowed: Network[]): string | null {
  let parsed: Address;
  try {
    // ipaddr.js reads ::a.b.c.d as IPv4-mapped; the URL parser reads it as the socket would (IPv4-compatible).
    parsed = ipaddr.parse(address.includes(":") ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address);
  } catch {
    return `${address} is not an IP address.`;
  }
  const found = classify(parsed);
  if (!found) return null;
  const shown = parsed.toString();
  if (found.never) return `${shown} is ${found.kind}, which state callbacks never reach.`;
  if (allowed.some((network) => inNetwork(parsed, network))) return null;
  return `${shown} is ${found.kind}: ${SEE_ALLOW_LIST}.`;
}

/** RFC 6761: localhost and every name under it is this host, whatever a resolver says. */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}

/** The loopback addresses a localhost name stands for: it passes only when both are allowed. */
export const LOCALHOST_ADDRESSES = ["127.0.0.1", "::1"];

/** A URL's hostname without the brackets of an IPv6 literal. */
export const bareHost = (hostname: string) => hostname.replace(/^\[(.*)\]$/, "$1");

/**
 * Why a callback URL's host is refused before any name is resolved: an IP
 * literal (in whatever spelling the URL parser accepted: 127.1, 2130706433
 * and 0x7f000001 all arrive as 127.0.0.1) that is not allowed, or a
 * localhost name. Other names are resolved and checked at each delivery.
 */
export function hostProblem(hostname: string, allowed: Network[]): string | null {
  const host = bareHost(hostname);
  if (isLocalhostName(host)) {
    const problem = LOCALHOST_ADDRESSES.map((address) => addressProblem(address, allowed)).find(Boolean);
    return problem ? `${host} stands for ${LOCALHOST_ADDRESSES.join(" and ")}, and ${problem}` : null;
  }
  return ipaddr.isValid(host) ? addressProblem(host, allowed) : null;
}

/** Why state callbacks may not be sent to this URL's host, judged before any name is resolved; null when they may be tried. */
export function urlDestinationProblem(url: string, allowed: Network[]): string | null {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return "The callback URL is not a URL.";
  }
  const problem = hostProblem(hostname, allowed);
  return problem && `Refused: ${problem}`;
}
