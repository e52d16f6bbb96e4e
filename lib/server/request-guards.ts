import { type IncomingMessage } from "node:http";
import { type Answer, apiError, restEnvelope } from "@/lib/api/http/responses";

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
function refuseFor(path: string, requestId: string, status: number, restCode: number, message: string): Answer {
  return path.startsWith("/v4/") ? restEnvelope(requestId, restCode, message) : { ...apiError(70402, message), status };
}

/** The refusal for a request no route may see (in the envelope under the request's id), or null when it may go on. */
export function refusal(request: IncomingMessage, path: string, requestId: string): Answer | null {
  const method = request.method ?? "GET";
  if (FORBIDDEN_METHODS.has(method))
    return { ...apiError(70402, `${method} is not supported.`, undefined, { Allow: "GET, POST" }), status: 405 };
  if (/^multipart\//i.test(request.headers["content-type"] ?? ""))
    return refuseFor(path, requestId, 415, 60008, "Multipart bodies are not accepted; send JSON.");
  try {
    decodeURIComponent(path);
    return null;
  } catch {
    return refuseFor(path, requestId, 400, 60002, "The URL is malformed: its path has invalid percent-encoding.");
  }
}
