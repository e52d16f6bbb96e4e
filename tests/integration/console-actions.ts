// Calls a server action over HTTP exactly as the console's browser does: the
// action's id from the build's manifest, posted to the page that uses it with
// the operator's session cookie.
import { readFileSync } from "node:fs";
import path from "node:path";
import { call, type Reply } from "./api-helpers";

type Manifest = { node: Record<string, { workers: Record<string, unknown>; exportedName?: string }> };
let manifest: Manifest | undefined;

function actionEndpoint(name: string, sdkAppId: number): { id: string; url: string } {
  manifest ??= JSON.parse(
    readFileSync(
      path.join(process.env.TESSERA_DIST_DIR || ".next", "server", "server-reference-manifest.json"),
      "utf8",
    ),
  ) as Manifest;
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === name);
  if (!found) throw new Error(`no server action named ${name} in the build`);
  const [id, entry] = found;
  const page = Object.keys(entry.workers)[0]!;
  const url = page
    .replace(/^app/, "")
    .replace(/\/\([^)]+\)/g, "")
    .replace(/\/page$/, "")
    .replace("[sdkAppId]", String(sdkAppId))
    .replace("[userId]", "matrix_user");
  return { id, url: url || "/" };
}

/**
 * Runs the action `name` with `input` as the operator whose session `cookie`
 * is; `sdkAppId` fills the page's route. `base` is the server to send it to
 * (the shared one by default).
 */
export function runAction(
  cookie: string,
  name: string,
  input: unknown,
  sdkAppId: number,
  base = process.env.TESSERA_TEST_BASE_URL!,
): Promise<Reply> {
  const endpoint = actionEndpoint(name, sdkAppId);
  return call(endpoint.url, {
    raw: JSON.stringify([input]),
    base,
    headers: {
      cookie,
      "next-action": endpoint.id,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: new URL(base).origin,
    },
  });
}
