// Builds a copy-pasteable curl command for one OpenAPI operation, with the
// selected app's SDKAppID filled in and placeholders for secrets.

export type Parameter = { name: string; in: string; required?: boolean; description?: string };

export type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  security?: Record<string, unknown>[];
  requestBody?: { content?: Record<string, { example?: unknown }> };
  responses?: Record<string, { description?: string }>;
  "x-codes"?: number[];
};

const PLACEHOLDERS: Record<string, string> = {
  identifier: "administrator",
  usersig: "<admin UserSig>",
  random: "$RANDOM",
  contenttype: "json",
};

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Replaces the example's SDKAppID with the selected app's. */
function withApp(example: unknown, sdkAppId?: number): unknown {
  if (sdkAppId === undefined || typeof example !== "object" || example === null || Array.isArray(example))
    return example;
  return "sdkAppId" in example ? { ...example, sdkAppId } : example;
}

export function curlFor(options: {
  method: string;
  path: string;
  operation: Operation;
  baseUrl: string;
  sdkAppId?: number;
}): string {
  const { method, path, operation, baseUrl, sdkAppId } = options;
  const query = (operation.parameters ?? [])
    .filter((p) => p.in === "query")
    .map(
      (p) =>
        `${p.name}=${p.name === "sdkappid" ? (sdkAppId ?? "<SDKAppID>") : (PLACEHOLDERS[p.name] ?? `<${p.name}>`)}`,
    )
    .join("&");
  const url = `${baseUrl.replace(/\/$/, "")}${path}${query ? `?${query}` : ""}`;
  const lines = [`curl -X ${method.toUpperCase()} ${query ? `"${url}"` : url}`];
  if (operation.security?.some((s) => "session" in s)) lines.push(`-H 'Authorization: Bearer <session token>'`);
  const example = operation.requestBody?.content?.["application/json"]?.example;
  if (example !== undefined) {
    lines.push(`-H 'Content-Type: application/json'`);
    lines.push(`-d ${shellQuote(JSON.stringify(withApp(example, sdkAppId)))}`);
  }
  return lines.join(" \\\n  ");
}
