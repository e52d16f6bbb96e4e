import "server-only";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { Agent, buildConnector } from "undici";
import {
  LOCALHOST_ADDRESSES,
  type Network,
  addressProblem,
  bareHost,
  hostProblem,
  isLocalhostName,
} from "@/lib/callbacks/address-policy";
import { env } from "@/lib/env";

// The one way state callbacks leave this server: an undici dispatcher whose
// connector checks where each connection goes (lib/callbacks/address-policy.ts)
// and then connects to exactly the address it checked. A host name is
// resolved once per connection, every address it returns is checked, and the
// socket is opened to one of those addresses, never by name: a second lookup
// could answer differently (DNS rebinding: public when checked, loopback
// when connected). TLS still verifies the certificate against the URL's host
// name, which the connector leaves in place for SNI.

/** Resolves a host name to its IP addresses. Tests inject their own; the default asks the system (getaddrinfo). */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export type CallbackNetwork = {
  /** TESSERA_CALLBACK_ALLOWED_NETWORKS: internal networks callbacks may reach. */
  allowed: Network[];
  resolve: Resolver;
  /** Opens the socket to an address already checked; tests may stand in for it. */
  dial?: buildConnector.connector;
};

/** A destination the address policy refuses; its message says which address and why. */
export class RefusedDestinationError extends Error {
  readonly code = "ERR_CALLBACK_DESTINATION";
  constructor(message: string) {
    super(message);
    this.name = "RefusedDestinationError";
  }
}

/** How long opening one connection may take; the whole attempt has its own, shorter bound (lib/callbacks/deliver.ts). */
const CONNECT_TIMEOUT_MS = 5000;

/** The addresses a connection to `hostname` may use, every one checked; throws RefusedDestinationError otherwise. */
export async function checkedAddresses(hostname: string, network: CallbackNetwork): Promise<string[]> {
  const host = bareHost(hostname);
  const early = hostProblem(host, network.allowed);
  if (early) throw new RefusedDestinationError(early);
  if (isIP(host)) return [host];
  const addresses = isLocalhostName(host) ? LOCALHOST_ADDRESSES : await network.resolve(host);
  if (addresses.length === 0) throw Object.assign(new Error(`${host} has no address.`), { code: "ENOTFOUND" });
  for (const address of addresses) {
    const problem = addressProblem(address, network.allowed);
    if (problem) {
      const shown = addresses.length > 4 ? `${addresses.slice(0, 4).join(", ")}, …` : addresses.join(", ");
      throw new RefusedDestinationError(`${host} resolves to ${shown}, and ${problem}`);
    }
  }
  return addresses;
}

// Failures that say nothing about the next address of the same name, so it is tried.
const TRY_NEXT = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "UND_ERR_CONNECT_TIMEOUT"]);

/** Connects to the first of `addresses` that answers, in the resolver's order. */
function dialInTurn(
  dial: buildConnector.connector,
  options: buildConnector.Options,
  addresses: string[],
  callback: buildConnector.Callback,
): void {
  const [address, ...rest] = addresses;
  dial({ ...options, hostname: address! }, (error, socket) => {
    if (error && rest.length > 0 && TRY_NEXT.has((error as { code?: string }).code ?? "")) {
      dialInTurn(dial, options, rest, callback);
      return;
    }
    if (error) callback(error, null);
    else callback(null, socket!);
  });
}

/** A dispatcher for callbacks that only ever connects to addresses `network` allows. */
export function callbackDispatcher(network: CallbackNetwork): Agent {
  const dial = network.dial ?? buildConnector({ timeout: CONNECT_TIMEOUT_MS });
  return new Agent({
    connect: (options, callback) => {
      checkedAddresses(options.hostname, network).then(
        (addresses) => dialInTurn(dial, options, addresses, callback),
        (error: Error) => callback(error, null),
      );
    },
  });
}

const globalForOutbound = globalThis as unknown as { tesseraCallbackDispatcher?: Agent };

/** The server's dispatcher: the allowed networks from the environment, the system's resolver. */
export function defaultCallbackDispatcher(): Agent {
  return (globalForOutbound.tesseraCallbackDispatcher ??= callbackDispatcher({
    allowed: env().TESSERA_CALLBACK_ALLOWED_NETWORKS,
    resolve: systemResolver,
  }));
}
