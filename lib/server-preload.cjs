// Preloaded into the server process (`npm start`, `npm run dev`:
// NODE_OPTIONS=--require), the one place that sees a request before Next.
//
// 1. The client's address. `next start` writes the socket's address into
//    X-Forwarded-For only when a request has none, so a client that sends
//    its own would choose the address Tessera throttles and audits. This
//    appends the socket's address to every request's header instead;
//    lib/client-ip.ts reads it from the right, and refuses to run without
//    this mark.
// 2. Requests Next itself cannot parse fail inside Next with a 500 before
//    any route runs (found by `npm run fuzz`): methods the Fetch API forbids
//    (TRACE, TRACK, CONNECT), a path with broken percent-encoding, and a
//    multipart body, which Next takes for a no-JavaScript form action on any
//    page and fails to parse when it is not one. Tessera reads no multipart
//    body (its forms call actions from script). They are answered here: 405,
//    400 and 415 (for /v4, the REST envelope's 60002 and 60003).
// 3. Background jobs start with the server. As soon as a server listens,
//    this requests its GET /api/v1/health once, which starts the process's
//    jobs (lib/jobs.ts: the state-callback worker), so callbacks queued
//    before a restart go out without waiting for new traffic. Next offers an
//    instrumentation hook for this, but it needs a file at the project's
//    root, whose layout is fixed. Scripts never listen, so they start none.
const http = require("node:http");
const { randomBytes } = require("node:crypto");

const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

function refuse(response, status, body, headers = {}) {
  response.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers });
  response.end(JSON.stringify(body));
}

/** In the REST envelope (HTTP 200) under /v4, else as an /api/v1 error with `status`. */
function refuseFor(path, response, status, restCode, message) {
  if (path.startsWith("/v4/"))
    refuse(response, 200, {
      ActionStatus: "FAIL",
      ErrorCode: restCode,
      ErrorInfo: message,
      RequestId: randomBytes(12).toString("hex"),
    });
  else refuse(response, status, { error: { code: 70402, message } });
}

/** Answers the request here when Next could not; returns whether it did. */
function answeredHere(request, response) {
  if (FORBIDDEN_METHODS.has(request.method)) {
    refuse(
      response,
      405,
      { error: { code: 70402, message: `${request.method} is not supported.` } },
      { Allow: "GET, POST" },
    );
    return true;
  }
  const path = (request.url ?? "").split("?")[0];
  if (/^multipart\//i.test(request.headers["content-type"] ?? "")) {
    refuseFor(path, response, 415, 60003, "Multipart bodies are not accepted; send JSON.");
    return true;
  }
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    refuseFor(path, response, 400, 60002, "The URL is malformed: its path has invalid percent-encoding.");
    return true;
  }
}

/** Requests the listening server's /api/v1/health, retrying while the server is not ready to answer. */
function startJobs(server, attempt = 1) {
  const address = server.address();
  if (!address || typeof address === "string") return;
  // A wildcard address is reached on loopback; a specific one as it is.
  const host =
    address.address === "::" || address.address === "0.0.0.0"
      ? address.family === "IPv6"
        ? "::1"
        : "127.0.0.1"
      : address.address;
  const retry = (why) => {
    if (attempt < 10) setTimeout(() => startJobs(server, attempt + 1), 500 * attempt).unref();
    else console.error(`Tessera: background jobs did not start (${why}); they start at the first GET /api/v1/health.`);
  };
  const request = http.get({ host, port: address.port, path: "/api/v1/health", timeout: 30_000 }, (response) => {
    response.resume();
    // 503 means the database did not answer, but the route ran: the jobs started and retry on their own.
    if (response.statusCode !== 200 && response.statusCode !== 503) retry(`HTTP ${response.statusCode}`);
  });
  request.on("timeout", () => request.destroy(new Error("timed out")));
  request.on("error", (error) => retry(error.message));
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, request, response, ...rest) {
  if (event === "listening") startJobs(this);
  if (event === "request") {
    if (answeredHere(request, response)) return true;
    const peer = (request.socket.remoteAddress ?? "unknown").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
    const sent = request.headers["x-forwarded-for"];
    request.headers["x-forwarded-for"] = sent ? `${sent}, ${peer}` : peer;
  }
  return emit.call(this, event, request, response, ...rest);
};
globalThis[Symbol.for("tessera.peer-address")] = true;
