import { randomBytes } from "node:crypto";
import { type IncomingMessage } from "node:http";
import { type Answer } from "@/lib/api/http/responses";

// Requests refused before any route sees them, console's or API's (found by
// `npm run fuzz`): methods the Fetch API forbids (TRACE, TRACK; CONNECT never
// reaches a request handler in Node), a path with broken percent-encoding,
// and a multipart body, which Next takes for a no-JavaScript form action on
// any page and fails to parse when it is not one. Tessera reads no multipart
// body (its forms call actions from script). Under /v4 the refusal is in the
// REST envelope (60002 for the URL, 60008 for the request's form: refused
// before authentication, it must not answer 60003, the code of a JSON body
// refused after it), elsewhere an /api/v1 error.

const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
const JSON_HEADERS = { "Content-Type": "application/json", "Cache-Control": "no-store" };

function refuseFor(path: string, status: number, restCode: number, message: string): Answer {
  if (path.startsWith("/v4/"))
    return {
      status: 200,
      headers: JSON_HEADERS,
      body: {
        ActionStatus: "FAIL",
        ErrorCode: restCode,
        ErrorInfo: message,
        RequestId: randomBytes(12).toString("hex"),
      },
    };
  return { status, headers: JSON_HEADERS, body: { error: { code: 70402, message } } };
}

/** The refusal for a request no route may see, or null when it may go on. */
export function refusal(request: IncomingMessage, path: string): Answer | null {
  const method = request.method ?? "GET";
  if (FORBIDDEN_METHODS.has(method))
    return {
      status: 405,
      headers: { ...JSON_HEADERS, Allow: "GET, POST" },
      body: { error: { code: 70402, message: `${method} is not supported.` } },
    };
  if (/^multipart\//i.test(request.headers["content-type"] ?? ""))
    return refuseFor(path, 415, 60008, "Multipart bodies are not accepted; send JSON.");
  try {
    decodeURIComponent(path);
    return null;
  } catch {
    return refuseFor(path, 400, 60002, "The URL is malformed: its path has invalid percent-encoding.");
  }
}
