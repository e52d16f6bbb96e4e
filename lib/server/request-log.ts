import "server-only";
import { randomBytes } from "node:crypto";
import { type IncomingMessage, type ServerResponse } from "node:http";
import { clientIp } from "@/lib/client-ip";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics/registry";

// Every request's id, log line and HTTP metrics, for the machine routes and
// Next's pages alike (lib/server/http-server.ts calls `track` first).
// The id comes from a trusted proxy's X-Request-Id when there is one
// (TESSERA_TRUSTED_PROXY_HOPS > 0 and a well-formed value), so one id follows
// a request through the proxy's logs and Tessera's; otherwise it is made
// here. It is sent back as X-Request-Id, written in the log line, and is the
// /v4 envelope's RequestId (Fastify's request.id reads the header set here).
// The log line names the route template, never the URL: a /v4 query holds
// the admin's UserSig.

/** A proxy's request id: a UUID, a hex or base64url id, a trace id; no spaces, quotes or separators. */
const TRUSTED_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

const ROUTE = Symbol("tessera.route");
type Tracked = IncomingMessage & { [ROUTE]?: string };

/** Names the route a request was answered by (a machine route's template), for its log line and metrics. */
export function setRouteLabel(request: IncomingMessage, route: string): void {
  (request as Tracked)[ROUTE] = route;
}

export function requestIdFor(sent: string | string[] | undefined, trustProxy: boolean): string {
  if (trustProxy && typeof sent === "string" && TRUSTED_ID.test(sent)) return sent;
  return randomBytes(12).toString("hex");
}

/**
 * Gives the request its id (the x-request-id header from here on is the
 * one chosen, whatever the client sent) and logs it and counts it once its
 * answer is sent or its connection closes. `route` is the label until a
 * machine route names a more exact one.
 */
export function track(request: IncomingMessage, response: ServerResponse, route: string): string {
  const started = process.hrtime.bigint();
  const id = requestIdFor(request.headers["x-request-id"], env().TESSERA_TRUSTED_PROXY_HOPS > 0);
  request.headers["x-request-id"] = id;
  response.setHeader("X-Request-Id", id);
  (request as Tracked)[ROUTE] ??= route;
  response.once("close", () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const labels = {
      route: (request as Tracked)[ROUTE] ?? route,
      method: request.method ?? "?",
      status: response.writableFinished ? String(response.statusCode) : "aborted",
    };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, seconds);
    log.info(
      {
        requestId: id,
        method: labels.method,
        route: labels.route,
        status: response.statusCode,
        ...(labels.status === "aborted" && { aborted: true }),
        ms: Math.round(seconds * 10_000) / 10,
        ip: clientIp(request.headers["x-forwarded-for"] as string | undefined),
      },
      "request",
    );
  });
  return id;
}
