// Raw HTTP for the fuzzer: node:http rather than fetch, because fuzz cases
// send odd methods, chunked bodies and exact bytes, and need to choose the
// client address their connection comes from.
import http from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

export type HttpRequest = {
  method: string;
  /** path and query, sent as written (may be deliberately malformed) */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** send the body in pieces without Content-Length (Transfer-Encoding: chunked) */
  chunked?: boolean;
  from: "control" | "fuzz";
};

export type HttpAnswer =
  { ok: true; status: number; headers: http.IncomingHttpHeaders; text: string } | { ok: false; error: string };

const MAX_ANSWER_BYTES = 1 << 20;

/**
 * The client address a request comes from, as the server sees it. Login and
 * app-admin authentication throttle failures per client address (30 a
 * minute, then 60 s refused before any verification), so:
 *  - legitimate controls connect from a loopback address of their own that
 *    never fails, so they are never throttled and need no X-Forwarded-For;
 *  - fuzz cases spread over `fuzzAddresses` other loopback addresses, so
 *    that most of their logins still reach the verifier (the rest are
 *    answered 429/70050, which counts as expected).
 * These are real socket addresses, so this holds whether or not the server
 * trusts X-Forwarded-For. Only possible when the server is on loopback; for
 * a remote --base-url every request comes from this host's address.
 * (Client-address handling is being reworked: adapt here.)
 */
export function clientAddress(
  from: HttpRequest["from"],
  slot: number,
  options: { loopback: boolean; fuzzAddresses: number },
): { localAddress?: string } {
  if (!options.loopback) return {};
  if (from === "control") return { localAddress: "127.0.0.2" };
  const n = slot % Math.max(1, options.fuzzAddresses);
  return { localAddress: `127.0.${1 + (n >> 8)}.${n & 0xff}` };
}

export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 4, scheduling: "lifo" });
  private readonly base: URL;

  constructor(
    baseUrl: string,
    private readonly timeoutMs: number,
    private readonly address: (from: HttpRequest["from"], slot: number) => { localAddress?: string },
  ) {
    this.base = new URL(baseUrl);
  }

  async send(request: HttpRequest, slot: number): Promise<HttpAnswer> {
    const first = await this.once(request, slot);
    // A keep-alive socket the server closed while idle fails on reuse: that is
    // the client's race, not the server failing, so retry once on a new socket.
    if (!first.ok && first.error.startsWith("reused:")) return this.once(request, slot, true);
    return first;
  }

  close(): void {
    this.agent.destroy();
  }

  private once(request: HttpRequest, slot: number, fresh = false): Promise<HttpAnswer> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (answer: HttpAnswer) => {
        if (!settled) {
          settled = true;
          resolve(answer);
        }
      };
      const headers: Record<string, string> = { ...request.headers };
      if (request.body && !request.chunked) headers["content-length"] = String(request.body.length);
      // Said, not left to Node: for GET, HEAD, DELETE and OPTIONS it would send the body's bytes raw, unframed.
      if (request.body && request.chunked) headers["transfer-encoding"] = "chunked";
      let req: http.ClientRequest;
      try {
        req = http.request({
          host: this.base.hostname,
          port: this.base.port,
          method: request.method,
          path: request.path,
          headers,
          agent: fresh ? false : this.agent,
          timeout: this.timeoutMs,
          ...this.address(request.from, slot),
        });
      } catch (error) {
        // Node refused to send it (a generator bug, not a server failure): reported as such.
        done({ ok: false, error: `client refused to send: ${(error as Error).message}` });
        return;
      }
      req.on("timeout", () => {
        req.destroy();
        done({ ok: false, error: `timeout after ${this.timeoutMs} ms` });
      });
      req.on("error", (error: NodeJS.ErrnoException) =>
        done({ ok: false, error: `${req.reusedSocket ? "reused:" : ""}${error.code ?? error.message}` }),
      );
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
        });
        res.on("end", () =>
          done({
            ok: true,
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: decompress(Buffer.concat(chunks), res.headers["content-encoding"]).toString("utf8"),
          }),
        );
        res.on("error", (error: NodeJS.ErrnoException) =>
          done({ ok: false, error: `response ${error.code ?? error.message}` }),
        );
      });
      if (request.body && request.chunked) {
        // Several writes without a length: Node sends them as chunks.
        const cut = Math.floor(request.body.length / 2);
        req.write(request.body.subarray(0, cut));
        req.write(request.body.subarray(cut));
        req.end();
      } else {
        req.end(request.body);
      }
    });
  }
}

/** Fuzz cases sometimes send Accept-Encoding, and Next then compresses its answers. */
function decompress(body: Buffer, encoding: string | undefined): Buffer {
  try {
    if (encoding === "gzip") return gunzipSync(body);
    if (encoding === "deflate") return inflateSync(body);
    if (encoding === "br") return brotliDecompressSync(body);
  } catch {
    // left as it came: the judge then sees an answer that is not JSON
  }
  return body;
}

/** Does the server answer GET /api/health? Tried on fresh connections for up to `ms`. */
export async function healthy(baseUrl: string, ms = 15_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.ok) return true;
    } catch {
      // not answering (yet)
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}
