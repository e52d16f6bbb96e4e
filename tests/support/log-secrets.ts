// Searches a server's log output for secrets: the ones a test names, the
// environment's, the passwords the integration tests sign in with, and
// anything shaped like a UserSig (zlib's "eJ" in Tencent's base64) or a
// 64-hex secret (app keys, master keys, callback Sign values). tests/run-all.ts
// runs it over the shared server's whole log after the integration suite.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const SHAPES = [/eJ[A-Za-z0-9*_-]{40,}/g, /\b[0-9a-fA-F]{64}\b/g];

/** The passwords written in the integration tests ("matrix password 12345"). */
export function testPasswords(dir = "tests/integration"): string[] {
  const found = new Set<string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".ts")))
    for (const match of readFileSync(path.join(dir, file), "utf8").matchAll(/"([\w ]*password[\w ]* \d+)"/g))
      found.add(match[1]!);
  return [...found];
}

/** What of the secrets (each shown by its first characters) the log holds; empty when none. */
export function secretsInLog(output: string, known: string[]): string[] {
  const leaks = known.filter((secret) => secret.length >= 8 && output.includes(secret));
  for (const shape of SHAPES) leaks.push(...(output.match(shape) ?? []));
  return [...new Set(leaks)].map((leak) => `${leak.slice(0, 10)}…`);
}
