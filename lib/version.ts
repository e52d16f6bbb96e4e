import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import packageJson from "@/package.json";
import { env } from "@/lib/env";

// What this process runs: the package's version and, on a node that serves
// the console, the id of the Next build it loaded. Nodes on different builds
// refuse each other's console forms (see "Running several nodes"), so the
// System page compares them.

export const VERSION = packageJson.version;

let buildId: string | null | undefined;

/** Next's build id from the build folder, or null where there is none (an API-only node without a build). */
export function nextBuildId(): string | null {
  if (buildId === undefined) {
    try {
      buildId = readFileSync(path.join(process.cwd(), env().TESSERA_DIST_DIR, "BUILD_ID"), "utf8").trim() || null;
    } catch {
      buildId = null;
    }
  }
  return buildId;
}
