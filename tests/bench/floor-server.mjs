// The floor of `npm run bench:api`: bare node:http answering a login-sized
// JSON POST (read the body with a cap, parse it, answer a small JSON object),
// the least any JSON API costs on this machine. Listens on 127.0.0.1 at the
// port given as its argument and prints "listening" when it does.
import http from "node:http";

const MAX_BYTES = 20 * 1024;
const port = Number(process.argv[2]);

http
  .createServer((request, response) => {
    const chunks = [];
    let size = 0;
    request.on("data", (chunk) => {
      size += chunk.length;
      if (size <= MAX_BYTES) chunks.push(chunk);
    });
    request.on("end", () => {
      let ok = size <= MAX_BYTES;
      try {
        if (ok) JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        ok = false;
      }
      response.writeHead(ok ? 200 : 400, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      response.end(JSON.stringify({ ok }));
    });
  })
  .listen(port, "127.0.0.1", () => console.log("listening"));
