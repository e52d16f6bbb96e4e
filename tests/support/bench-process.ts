// What the load scripts (tests/bench/*, tests/fuzz) share about the server
// they measure: a production build to start, and the process to sample.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import { startPostgres } from "./postgres-cluster";
import { createTestDatabase } from "./test-database";
import { TEST_OWNER } from "./test-env";

/** Builds into distDir when asked to or when it holds no build; exits with the build's code when it fails. */
export function ensureBuild(distDir: string, rebuild: boolean): void {
  if (!rebuild && existsSync(path.join(distDir, "BUILD_ID"))) {
    console.log(`Reusing the build in ${distDir} (--rebuild to rebuild).`);
    return;
  }
  console.log(`Building into ${distDir} ...`);
  const build = spawnSync(path.resolve("node_modules", ".bin", "next"), ["build"], {
    env: { ...process.env, TESSERA_DIST_DIR: distDir, NODE_ENV: "production" },
    stdio: "inherit",
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/**
 * The process holding the listening socket of `port`, found through /proc:
 * the server (node lib/server/main.ts), beneath the npm and sh that tests/support/server.ts starts;
 * the postmaster, for a cluster's port. Undefined when none is readable.
 */
export function pidListeningOn(port: number): number | undefined {
  const inodes = new Set<string>();
  const hexPort = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN.
      if (cols[1]?.endsWith(hexPort) && cols[3] === "0A") inodes.add(cols[9]!);
    }
  }
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (link.startsWith("socket:[") && inodes.has(link.slice(8, -1))) return Number(pid);
      }
    } catch {
      // another user's process, or gone
    }
  }
  return undefined;
}

/** A console session cookie for the test owner, through next-auth's credentials sign-in. */
export async function signInAsOwner(base: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const csrfCookie = /next-auth\.csrf-token=[^;]+/.exec(csrf.headers.get("set-cookie") ?? "")![0];
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const reply = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email: TEST_OWNER.email, password: TEST_OWNER.password, json: "true" }),
  });
  const session = /next-auth\.session-token=[^;]+/.exec(reply.headers.get("set-cookie") ?? "")?.[0];
  if (!session) throw new Error(`sign-in failed (HTTP ${reply.status})`);
  return session;
}

/** An empty database of the kind to measure: a throwaway PostgreSQL cluster's (stop it after) or a fresh SQLite file. */
export async function freshDatabase(kind: string): Promise<{ url: string; stop: () => void }> {
  if (kind !== "postgresql") return { url: await createTestDatabase(), stop: () => {} };
  const cluster = await startPostgres();
  cluster.createDatabase("bench");
  return { url: cluster.url("bench"), stop: cluster.stop };
}

/** /proc/<pid>/stat's fields after the command name (which is in parentheses and may hold spaces): [0] is field 3. */
function statFields(pid: number | string): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  } catch {
    return undefined;
  }
}

/** CPU seconds `pid` has used, user + system (/proc counts in USER_HZ, 100 a second on Linux). */
export function cpuSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields && (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU seconds a process and its children have used: a PostgreSQL cluster
 * (the postmaster, its backends and writers) or a server with workers (the
 * supervisor and its worker processes); children that exited are counted
 * in the parent's cutime and cstime.
 */
export function treeCpuSeconds(postmaster: number): number {
  const own = statFields(postmaster);
  if (!own) return 0;
  let total = (Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])) / 100;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    const fields = statFields(pid);
    if (fields && Number(fields[1]) === postmaster) total += (Number(fields[11]) + Number(fields[12])) / 100;
  }
  return total;
}
