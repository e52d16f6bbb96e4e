import "server-only";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { type Duplex } from "node:stream";
import Fastify, { type FastifyError, type FastifyRequest, LogController } from "fastify";
import { type Answer, INTERNAL_ERROR, NO_STORE, apiError, restEnvelope } from "@/lib/api/http/responses";
import { servedOverHttps } from "@/lib/auth/https";
import { PEER_ADDRESS_MARK, clientIp, withPeerAddress } from "@/lib/client-ip";
import { newNonce, opensPage, securityHeaders } from "@/lib/security-headers";
import { GENERIC_ERROR_MESSAGE } from "@/lib/errors";
import { log, logFailure } from "@/lib/log";
import { MAX_BODY_BYTES } from "@/lib/validations/limits";
import { answer } from "@/lib/server/answer";
import { refusal } from "@/lib/server/request-guards";
import { SIGN_IN_PREFIX, admitToSignIn } from "@/lib/server/sign-in-guard";
import { setRouteLabel, track } from "@/lib/server/request-log";
import { MACHINE_PREFIXES, ROUTES } from "@/lib/server/routes";

// Tessera's HTTP server: one process, one port. Every request first gets its
// security headers (lib/security-headers.ts), the socket's address appended
// to X-Forwarded-For (lib/client-ip.ts), its request id, log line and
// metrics (lib/server/request-log.ts), and passes the guards
// (lib/server/request-guards.ts). Machine routes (the route
// table, lib/server/routes.ts, and anything under its prefixes) are then
// answered by Fastify without entering Next; every other request goes to
// Next's request handler (Next's documented custom-server pattern), or, on
// an API-only node, is answered 404.

type NextHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

const REST_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

const pathOf = (url: string | undefined) => {
  const raw = url ?? "/";
  const query = raw.indexOf("?");
  return query === -1 ? raw : raw.slice(0, query);
};

const TABLE_PATHS = new Set(ROUTES.map((route) => route.path));
const isMachinePath = (path: string) =>
  TABLE_PATHS.has(path) || MACHINE_PREFIXES.some((prefix) => path.startsWith(prefix));

function send(response: ServerResponse, reply: Answer): void {
  response.writeHead(reply.status, { "Content-Type": "application/json", ...NO_STORE, ...reply.headers });
  response.end(JSON.stringify(reply.body));
}

/**
 * The answer for a request Fastify refused before the route ran (a malformed
 * Content-Type, say), in the path's family; under /v4 60008, a bad request
 * format, since 60003 is what a body refused after authentication answers.
 */
function unreadable(request: FastifyRequest): Answer {
  const message = "The request could not be read; send JSON with a valid Content-Type and Content-Length.";
  return pathOf(request.url).startsWith("/v4/") ? restEnvelope(request.id, 60008, message) : apiError(70402, message);
}

/**
 * A request Node's HTTP parser refused before any route saw it (a request
 * line or headers over 16 KB, malformed framing): answered with no body,
 * which is right whatever its method (an answer to HEAD must carry none,
 * and Fastify's default sends JSON), and the connection closed.
 */
function answerUnparsable(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) return void socket.destroy();
  const status = error.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** A body past its route's cap: the route refuses it in its own words, after authenticating the caller as always. */
const TOO_LARGE = Symbol("body too large");

/**
 * Reads a body of any declared type as text (each route parses it by its own
 * rules; Tencent's REST clients send JSON under whatever type their HTTP
 * library sets), keeping at most the route's cap in memory. Past the cap the
 * rest is not kept, and a declared length past it is not read at all.
 */
function readCapped(
  request: FastifyRequest,
  payload: NodeJS.ReadableStream,
  done: (error: Error | null, body?: unknown) => void,
): void {
  const limit = request.routeOptions.bodyLimit ?? MAX_BODY_BYTES.rest;
  if (Number(request.headers["content-length"]) > limit) return done(null, TOO_LARGE);
  const chunks: Buffer[] = [];
  let size = 0;
  payload.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  });
  payload.on("end", () => done(null, size > limit ? TOO_LARGE : Buffer.concat(chunks, size).toString("utf8")));
  payload.on("error", (error: Error) => done(error));
}

function machineRoutes(serverFactory: (handler: http.RequestListener) => http.Server) {
  const app = Fastify({
    loggerInstance: log,
    // Fastify's own request lines are off: lib/server/request-log.ts writes one per request, Next's included.
    logController: new LogController({ disableRequestLogging: true }),
    // The id `track` gave the request (lib/server/request-log.ts): the REST envelope's RequestId is the logged one.
    genReqId: (raw) => raw.headers["x-request-id"] as string,
    serverFactory: (handler) => serverFactory(handler as http.RequestListener),
    // A body is read whatever its declared type; each route parses it by its own rules.
    bodyLimit: MAX_BODY_BYTES.rest,
    clientErrorHandler: answerUnparsable,
  });
  app.addHook("onRequest", (request, _reply, done) => {
    setRouteLabel(request.raw, request.routeOptions.url ?? "unmatched");
    done();
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", readCapped);
  const allowed = new Map<string, string[]>();
  for (const route of ROUTES) {
    const method = route.family === "rest" ? [...REST_METHODS] : route.method;
    if (route.family === "v1") allowed.set(route.path, [...(allowed.get(route.path) ?? []), route.method]);
    app.route({
      method,
      url: route.path,
      exposeHeadRoute: false,
      bodyLimit: route.family === "rest" ? MAX_BODY_BYTES.rest : (route.body?.maxBytes ?? 1024),
      handler: async (request, reply) => {
        const result = await answer(route, {
          method: request.method,
          params: request.params as Record<string, string>,
          query: new URLSearchParams(request.url.slice(pathOf(request.url).length + 1)),
          authorization: request.headers.authorization,
          text: typeof request.body === "string" ? request.body : undefined,
          bodyTooLarge: request.body === TOO_LARGE,
          ip: clientIp(request.headers["x-forwarded-for"] as string | undefined),
          requestId: request.id,
        });
        reply.code(result.status).headers({ ...NO_STORE, ...result.headers });
        return result.body;
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const methods = allowed.get(path);
    const reply_ = methods
      ? apiError(70402, `${request.method} is not supported here; use ${methods.join(" or ")}.`, undefined, {
          Allow: methods.join(", "),
        })
      : path.startsWith("/v4/")
        ? restEnvelope(request.id, 60009, `Unknown command ${path.slice(4)}.`.slice(0, 200))
        : { status: 404, body: { error: { code: 404, message: `No API endpoint at ${path.slice(0, 100)}.` } } };
    reply
      .code(methods ? 405 : reply_.status)
      .headers({ ...NO_STORE, ...reply_.headers })
      .send(reply_.body);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 500) {
      const refused = unreadable(request);
      return reply
        .code(refused.status)
        .headers({ ...NO_STORE, ...refused.headers })
        .send(refused.body);
    }
    logFailure("request failed", error, request.id);
    const failed = pathOf(request.url).startsWith("/v4/")
      ? restEnvelope(request.id, 70500, GENERIC_ERROR_MESSAGE)
      : INTERNAL_ERROR;
    return reply.code(failed.status).headers(NO_STORE).send(failed.body);
  });
  return app;
}

/**
 * Sets the security headers on the response (lib/security-headers.ts), before
 * any route writes it. A page gets a fresh script nonce, which Next reads from
 * the request's Content-Security-Policy header and puts on its own scripts
 * (which is why every page is rendered per request: app/layout.tsx).
 */
function secure(request: IncomingMessage, response: ServerResponse, path: string): void {
  const https = servedOverHttps(request.headers["x-forwarded-proto"]);
  const page = opensPage(path, request.headers);
  const headers = page ? securityHeaders({ https, nonce: newNonce() }) : resourceHeaders(https);
  if (page) request.headers["content-security-policy"] = headers["content-security-policy"];
  for (const name in headers) response.setHeader(name, headers[name]!);
}

const resourceHeaderSets = new Map<boolean, Record<string, string>>();
const resourceHeaders = (https: boolean) => {
  let headers = resourceHeaderSets.get(https);
  if (!headers) resourceHeaderSets.set(https, (headers = securityHeaders({ https })));
  return headers;
};

/** The server, routes registered, not yet listening; `next` is Next's request handler, or null on an API-only node. */
export function createServer(next: NextHandler | null) {
  (globalThis as Record<symbol, unknown>)[PEER_ADDRESS_MARK] = true;
  return machineRoutes((fastify) =>
    http.createServer((request, response) => {
      const path = pathOf(request.url);
      const machine = isMachinePath(path);
      secure(request, response, path);
      request.headers["x-forwarded-for"] = withPeerAddress(
        request.headers["x-forwarded-for"],
        request.socket.remoteAddress,
      );
      const requestId = track(request, response, machine ? "unmatched" : "console");
      const refused = refusal(request, path, requestId);
      if (refused) {
        setRouteLabel(request, "refused");
        return send(response, refused);
      }
      if (machine) return fastify(request, response);
      if (next) {
        const toNext = () =>
          next(request, response).catch((error: unknown) => {
            logFailure("console request failed", error);
            if (!response.headersSent) send(response, INTERNAL_ERROR);
          });
        const busy = path.startsWith(SIGN_IN_PREFIX) ? admitToSignIn(request, response) : null;
        return busy ? send(response, busy) : void toNext();
      }
      send(response, {
        status: 404,
        body: { error: { code: 404, message: "This node serves the API only; the console is served by other nodes." } },
      });
    }),
  );
}
