// Preloaded into the server process (`npm start`, `npm run dev`: NODE_OPTIONS=--require).
// `next start` writes the socket's address into X-Forwarded-For only when a
// request has no such header, so a client that sends its own would choose
// the address Tessera throttles and audits. This appends the socket's
// address to every request's header instead; lib/client-ip.ts reads it from
// the right, and refuses to run without this mark.
const http = require("node:http");

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, request, ...rest) {
  if (event === "request") {
    const peer = (request.socket.remoteAddress ?? "unknown").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
    const sent = request.headers["x-forwarded-for"];
    request.headers["x-forwarded-for"] = sent ? `${sent}, ${peer}` : peer;
  }
  return emit.call(this, event, request, ...rest);
};
globalThis[Symbol.for("tessera.peer-address")] = true;
