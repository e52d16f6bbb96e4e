// Starts Tessera's server (`npm run serve`, as `npm start` runs it after its
// checks) on a free loopback port against a fresh database prepared by
// `npm run setup` (migrations + the test owner): a full node on the
// production build, or with `apiOnly` a node that serves the machine routes
// without Next.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { freePort } from "./postgres-cluster";
import { createTestDatabase } from "./test-database";
import { testSecrets } from "./test-env";

export type TestServer = {
  baseUrl: string;
  env: Record<string, string>;
  /** What the server has printed so far. */
  output: () => string;
  /** The process group: npm, its shell and the server. */
  pgid: number;
  stop: () => Promise<void>;
};

export async function startServer(
  options: {
    databaseUrl?: string;
    distDir?: string;
    env?: Record<string, string>;
    apiOnly?: boolean;
    /** The host name in the public URL; the server listens on 127.0.0.1 either way. */
    publicHost?: "127.0.0.1" | "localhost";
  } = {},
): Promise<TestServer> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const port = await freePort();
  const baseUrl = `http://${options.publicHost ?? "127.0.0.1"}:${port}`;
  const env: Record<string, string> = {
    ...testSecrets(),
    DATABASE_URL: databaseUrl,
    NEXTAUTH_URL: baseUrl,
    PORT: String(port),
    ...(options.distDir && { TESSERA_DIST_DIR: options.distDir }),
    ...options.env,
  };
  const fullEnv = { ...process.env, ...env, NODE_ENV: "production" as const };
  const setup = spawnSync("npm", ["run", "-s", "setup"], { env: fullEnv, encoding: "utf8" });
  if (setup.status !== 0) throw new Error(`npm run setup failed:\n${setup.stdout}\n${setup.stderr}`);

  const args = ["-p", String(port), "-H", "127.0.0.1", ...(options.apiOnly ? ["--api-only"] : [])];
  const child: ChildProcess = spawn("npm", ["run", "-s", "serve", "--", ...args], {
    env: fullEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (true) {
    if (exited()) throw new Error(`the server exited early:\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer /api/health in 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // The group: npm, its shell and the server process.
  const running = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = async () => {
    if (!running()) return;
    process.kill(-child.pid!, "SIGTERM");
    // npm exits at once on SIGTERM; the server, which gets it too, exits once it has shut down.
    const deadline = Date.now() + 30_000;
    while (running() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (running()) process.kill(-child.pid!, "SIGKILL");
  };
  process.on("exit", () => running() && process.kill(-child.pid!, "SIGKILL"));
  return { baseUrl, env, output: () => output, pgid: child.pid!, stop };
}
