// A throwaway PostgreSQL 15 cluster on a free loopback port, for tests and
// benchmarks. PostgreSQL refuses to run as root, so as root it runs as the
// `postgres` system user.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";

const BIN = "/usr/lib/postgresql/15/bin";

export type PostgresCluster = {
  url: (database: string) => string;
  createDatabase: (name: string) => void;
  stop: () => void;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function asOwner(command: string, args: string[]): string {
  const tool = path.join(BIN, command);
  if (userInfo().uid !== 0) return execFileSync(tool, args, { encoding: "utf8" });
  return execFileSync("runuser", ["-u", "postgres", "--", tool, ...args], { encoding: "utf8" });
}

export async function startPostgres(): Promise<PostgresCluster> {
  if (!existsSync(path.join(BIN, "initdb"))) throw new Error(`PostgreSQL 15 is not installed (${BIN}/initdb missing)`);
  const dir = mkdtempSync(path.join(tmpdir(), "tessera-pg-"));
  chmodSync(dir, 0o700);
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  const data = path.join(dir, "data");
  asOwner("initdb", ["-D", data, "-U", "tessera", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  asOwner("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]);
  const url = (database: string) => `postgresql://tessera@127.0.0.1:${port}/${database}`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      asOwner("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.on("exit", stop);
  return {
    url,
    createDatabase: (name) => void asOwner("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "tessera", name]),
    stop,
  };
}
