// `npm run seed:scale -- --accounts N --events N --tickets N --sessions N`
// fills the configured database (SQLite or PostgreSQL) with one application's
// worth of realistic data, for measuring the console at scale
// (tests/bench/console.bench.ts). Run it with the server stopped.
//
// Everything derived is written as the product writes it, in the same
// transaction as what it derives from: an audit row for every ticket issued
// and every login, the per-day counters (DailyCount) of both, the hash chain
// (one AuditSeal per audit row, hashed by lib/data/audit-seal.ts), and an
// Account for every UserID in the ledger or the sessions. What the retention
// purge (lib/data/retention.ts) would have deleted is not there: sessions
// are those of the last days' logins, older logins left only their audit rows
// and counts, and tickets are issued for 180 days (Tencent's default), so the
// ledger keeps them all. The rows are bulk inserted (multi-row INSERTs on
// SQLite, unnest() arrays on PostgreSQL) in chunks of one transaction each.
//
// Options (defaults in brackets): --accounts [1000000] --events [10000000]
// (every audit row, the tickets' and logins' included) --tickets [1000000]
// (ledger rows) --sessions [1000000] (session rows; the logins over the whole
// window are more) --days [60] (the events are spread over the last D days,
// at most 180; accounts are created in the year before) --app <SDKAppID>
// (default: the "Demo app" setup creates, or a new one) --seed [1].
import { randomBytes, randomUUID } from "node:crypto";
import nextEnv from "@next/env";

const usage =
  "usage: npm run seed:scale -- [--accounts N] [--events N] [--tickets N] [--sessions N] [--days D] [--app SDKAPPID] [--seed S]";

function option(name: string, fallback: number): number {
  const at = process.argv.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (at < 0) return fallback;
  const given = process.argv[at]!;
  const raw = given.includes("=") ? given.split("=")[1] : process.argv[at + 1];
  const value = Number(String(raw).replace(/[_,]/g, ""));
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a whole number (${usage})`);
  return value;
}

const DAY_MS = 86_400_000;
const CHUNK = 20_000;
// UserIDs are user_<8 digits>, scattered over the range so that accounts
// arrive in no particular order and a prefix matches a realistic share.
const USER_ID_SPACE = 100_000_000;
const userIdOf = (index: number) => `user_${String((index * 48_271 + 12_345) % USER_ID_SPACE).padStart(8, "0")}`;

/** mulberry32: a small seeded generator, so a run can be repeated exactly. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** 64 hex characters at a time from one large random buffer. */
function hexSource(): () => string {
  let pool = "";
  let at = 0;
  return () => {
    if (at + 64 > pool.length) {
      pool = randomBytes(64 * 4096).toString("hex");
      at = 0;
    }
    at += 64;
    return pool.slice(at - 64, at);
  };
}

async function main(): Promise<void> {
  nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error }, true);
  const options = {
    accounts: option("accounts", 1_000_000),
    events: option("events", 10_000_000),
    tickets: option("tickets", 1_000_000),
    sessions: option("sessions", 1_000_000),
    days: option("days", 60),
    app: option("app", 0),
    seed: option("seed", 1),
  };
  if (options.accounts > USER_ID_SPACE) throw new Error(`At most ${USER_ID_SPACE} accounts.`);
  if (options.days < 1 || options.days > 180) throw new Error("--days must be from 1 to 180.");

  // lib/env validates the environment; import after .env.local is loaded.
  const { MAX_SESSION_SECONDS } = await import("@/lib/data/sessions");
  const { KEEP_DAYS } = await import("@/lib/data/retention");
  // Logins whose sessions the purge keeps: those that expired at most KEEP_DAYS.sessions ago, less a day of margin.
  const sessionDays = Math.min(options.days, MAX_SESSION_SECONDS / 86_400 + KEEP_DAYS.sessions - 1);
  const logins = Math.ceil((options.sessions * options.days) / sessionDays);
  const importRows = Math.ceil(options.accounts / ACCOUNTS_PER_IMPORT);
  if (options.events < options.tickets + logins + importRows) {
    throw new Error(
      `--events counts every audit row: at least ${options.tickets + logins + importRows} for these tickets, ${logins} logins (${options.sessions} sessions in the last ${sessionDays} days) and account imports.`,
    );
  }
  const store = await createStore();
  const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
  const { createApp } = await import("@/lib/data/apps");
  const { sealPending } = await import("@/lib/data/audit-seal");
  const { db } = await import("@/lib/db");

  const started = Date.now();
  let app = options.app
    ? await db().application.findUnique({ where: { sdkAppId: options.app } })
    : await db().application.findFirst({ where: { name: "Demo app" }, orderBy: { createdAt: "asc" } });
  if (!app && options.app) throw new Error(`Application ${options.app} does not exist.`);
  app ??= await db().application.findUniqueOrThrow({
    where: { sdkAppId: (await createApp(SYSTEM_ACTOR, "Demo app")).sdkAppId },
  });
  const owner = await db().operator.findFirst({
    where: { role: "owner" },
    orderBy: { createdAt: "asc" },
    select: { email: true },
  });
  // The chain goes on from the sealed head: seal what earlier writes left pending first.
  await sealPending(0);
  const chain = await store.chainHead();
  // Accounts an earlier run seeded stay, and the new ones are numbered after them.
  const seeded = await db().account.count({ where: { sdkAppId: app.sdkAppId, userId: { startsWith: "user_" } } });
  if (seeded + options.accounts < 1 && options.tickets + options.sessions > 0)
    throw new Error("Tickets and sessions need accounts: give --accounts 1 or more.");
  if (seeded + options.accounts > USER_ID_SPACE)
    throw new Error(`At most ${USER_ID_SPACE} seeded accounts per application.`);
  console.log(
    `Seeding application ${app.sdkAppId} (${app.name}) on ${store.kind}: ${options.accounts} accounts, ${options.tickets} tickets, ${options.sessions} sessions (of ${logins} logins), ${options.events} audit rows over ${options.days} days.`,
  );

  const plan = new Plan({
    ...options,
    logins,
    sessionSeconds: MAX_SESSION_SECONDS,
    seeded,
    sdkAppId: app.sdkAppId,
    operator: owner?.email ?? "owner@tessera.local",
    chain,
    now: Date.now(),
  });
  await plan.load();
  let done = 0;
  const report = (what: string, count: number, since: number) =>
    console.log(`  ${what}: ${count.toLocaleString("en-US")} in ${((Date.now() - since) / 1000).toFixed(1)} s`);

  const accountsStarted = Date.now();
  for (let first = seeded; first < seeded + options.accounts; first += CHUNK) {
    const chunk = plan.accounts(first, Math.min(first + CHUNK, seeded + options.accounts));
    await store.write(chunk);
    done += chunk.accounts.length;
    progress(`accounts ${done}/${options.accounts}`);
  }
  report("accounts", options.accounts, accountsStarted);

  const eventsStarted = Date.now();
  const slots = plan.slots;
  for (let first = 0; first < slots; first += CHUNK) {
    await store.write(plan.events(first, Math.min(first + CHUNK, slots)));
    progress(`audit rows ${Math.min(first + CHUNK, slots)}/${slots}`);
  }
  report("audit rows, tickets and sessions", options.events, eventsStarted);

  const finishStarted = Date.now();
  await store.finish();
  report("index statistics and checkpoint", 1, finishStarted);
  console.log(
    `Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s; the audit chain now ends at #${plan.chain.id} (npm run audit:verify checks it).`,
  );
}

// One audit row (account.import-many) per this many accounts, as an App Server's imports would leave.
const ACCOUNTS_PER_IMPORT = 10_000;
// Tencent's default validity; the ledger keeps such a ticket 30 days past it, longer than any window here.
const TICKET_EXPIRE = 180 * 86_400;

function progress(text: string): void {
  if (process.stdout.isTTY) process.stdout.write(`\r  ${text}   `);
}

type Seal = { id: number; hash: string };

export type Chunk = {
  accounts: unknown[][];
  tickets: unknown[][];
  sessions: unknown[][];
  events: unknown[][];
  seals: unknown[][];
  daily: { metric: "issued" | "logins"; events: { sdkAppId: number; at: Date }[] }[];
  /** The audit ids this chunk must start after (checked inside its transaction). */
  after: Seal;
};

const PLATFORMS = ["iPhone", "Android", "Android", "Android", "Web", "PC", "iPad", "Mac"];
const REJECTIONS = [
  { code: 70001, reason: "UserSig expired" },
  { code: 70003, reason: "UserSig signature does not verify with any live key of this application" },
  { code: 70009, reason: "UserSig was issued for a different UserID" },
  { code: 70052, reason: "This UserSig was issued before the user's login state was invalidated" },
];

/**
 * What to write, chunk by chunk: accounts first (created before the events'
 * window), then a time line of audit rows in which tickets and logins are
 * spread evenly among the other events.
 */
class Plan {
  readonly slots: number;
  chain: Seal;
  private readonly random: () => number;
  private readonly hex = hexSource();
  private readonly windowStart: number;
  private readonly slotMs: number;
  private done = { tickets: 0, logins: 0 };
  private auditColumns!: typeof import("@/lib/data/audit").auditColumns;
  private auditHash!: typeof import("@/lib/data/audit-seal").auditHash;
  private sqlDate!: typeof import("@/lib/data/sql").sqlDate;

  constructor(
    private readonly o: {
      accounts: number;
      seeded: number;
      events: number;
      tickets: number;
      logins: number;
      sessions: number;
      sessionSeconds: number;
      days: number;
      seed: number;
      sdkAppId: number;
      operator: string;
      chain: Seal;
      now: number;
    },
  ) {
    this.random = generator(o.seed);
    this.chain = o.chain;
    this.windowStart = o.now - o.days * DAY_MS;
    this.slots = o.events - Math.ceil(o.accounts / ACCOUNTS_PER_IMPORT);
    this.slotMs = (o.now - 60_000 - this.windowStart) / Math.max(1, this.slots);
  }

  async load(): Promise<void> {
    this.auditColumns = (await import("@/lib/data/audit")).auditColumns;
    this.auditHash = (await import("@/lib/data/audit-seal")).auditHash;
    this.sqlDate = (await import("@/lib/data/sql")).sqlDate;
  }

  private empty(): Chunk {
    return { accounts: [], tickets: [], sessions: [], events: [], seals: [], daily: [], after: this.chain };
  }

  private ip(): string {
    const r = this.random;
    return `${Math.floor(r() * 223) + 1}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 254) + 1}`;
  }

  private someUser(): string {
    return userIdOf(Math.floor(this.random() * (this.o.seeded + this.o.accounts)));
  }

  /** An audit row as the product stores it (lib/data/audit.ts auditColumns), and its seal (lib/data/audit-seal.ts auditHash). */
  private audit(chunk: Chunk, at: number, input: import("@/lib/data/audit").AuditInput): void {
    const id = this.chain.id + 1;
    const columns = this.auditColumns(input);
    const hash = this.auditHash({ id, at: new Date(at), ...columns }, this.chain.hash);
    const d = this.sqlDate;
    chunk.events.push([
      id,
      d(new Date(at)),
      columns.actorType,
      columns.actor,
      columns.ip,
      columns.action,
      columns.result,
      columns.target,
      columns.sdkAppId,
      columns.code,
      columns.details,
      columns.count,
      columns.lastAt && d(columns.lastAt),
    ]);
    // The sealer seals a row 2-4 s after it commits.
    chunk.seals.push([id, this.chain.id, hash, d(new Date(at + 3000))]);
    this.chain = { id, hash };
  }

  accounts(first: number, end: number): Chunk {
    const chunk = this.empty();
    const { sdkAppId } = this.o;
    const yearMs = 365 * DAY_MS;
    for (let i = first; i < end; i++) {
      const r = this.random();
      const createdAtMs = this.windowStart - yearMs + Math.floor(((i - this.o.seeded) / this.o.accounts) * yearMs);
      const createdAt = this.sqlDate(new Date(createdAtMs));
      const externalId = r < 0.7 ? String(1_000_000_000 + ((i * 7919) % 1_000_000_000)) : null;
      const nickname = r < 0.6 ? `Player ${(i * 31) % 100_000}` : "";
      const faceUrl = r < 0.2 ? `https://cdn.example.com/avatars/${i}.png` : "";
      chunk.accounts.push([
        randomUUID(),
        sdkAppId,
        userIdOf(i),
        externalId,
        nickname,
        faceUrl,
        r > 0.995,
        createdAt,
        createdAt,
      ]);
      const imported = i + 1 - this.o.seeded;
      if (imported % ACCOUNTS_PER_IMPORT === 0 || imported === this.o.accounts) {
        const count = ((imported - 1) % ACCOUNTS_PER_IMPORT) + 1;
        this.audit(chunk, createdAtMs, {
          actor: { type: "app-admin", id: "administrator", ip: "10.0.0.10" },
          action: "account.import-many",
          sdkAppId,
          details: { count },
        });
      }
    }
    return chunk;
  }

  /** Slots [first, end) of the time line: each is a ticket, a login or another event, whichever is furthest behind its share. */
  events(first: number, end: number): Chunk {
    const chunk = this.empty();
    const { sdkAppId, tickets, logins: loginCount, sessions } = this.o;
    const issued: { sdkAppId: number; at: Date }[] = [];
    const logins: { sdkAppId: number; at: Date }[] = [];
    for (let slot = first; slot < end; slot++) {
      const at = Math.floor(this.windowStart + (slot + this.random()) * this.slotMs);
      const behind = (target: number, done: number) => (target * (slot + 1)) / this.slots - done;
      const ticketLag = behind(tickets, this.done.tickets);
      const loginLag = behind(loginCount, this.done.logins);
      if (ticketLag >= loginLag && ticketLag > 0 && this.done.tickets < tickets) {
        this.ticket(chunk, at);
        issued.push({ sdkAppId, at: new Date(at) });
        this.done.tickets++;
      } else if (loginLag > 0 && this.done.logins < loginCount) {
        // The latest `sessions` logins still have their session; the purge took the older ones'.
        this.login(chunk, at, this.done.logins >= loginCount - sessions);
        logins.push({ sdkAppId, at: new Date(at) });
        this.done.logins++;
      } else {
        this.other(chunk, at);
      }
    }
    if (issued.length > 0) chunk.daily.push({ metric: "issued", events: issued });
    if (logins.length > 0) chunk.daily.push({ metric: "logins", events: logins });
    return chunk;
  }

  /** A UserSig (now and then a PrivateMapKey) issued by the App Server, or by an operator for the admin. */
  private ticket(chunk: Chunk, at: number): void {
    const { sdkAppId } = this.o;
    const r = this.random();
    const byOperator = r < 0.001;
    const kind = r > 0.98 ? "privatemapkey" : "usersig";
    const userId = byOperator ? "administrator" : this.someUser();
    const expire = TICKET_EXPIRE;
    const actor = byOperator
      ? { type: "operator" as const, id: this.o.operator, ip: "10.0.0.2" }
      : { type: "app-admin" as const, id: "administrator", ip: "10.0.0.10" };
    chunk.tickets.push([
      randomUUID(),
      sdkAppId,
      userId,
      kind,
      Math.floor(at / 1000),
      expire,
      this.hex(),
      1,
      `${actor.type}:${actor.id}`,
      this.sqlDate(new Date(at)),
    ]);
    const details = {
      expire,
      keyVersion: 1,
      ...(kind === "privatemapkey" && { room: 1000 + Math.floor(r * 9000), privileges: 255 }),
    };
    this.audit(chunk, at, {
      actor,
      action: kind === "usersig" ? "usersig.issue" : "privatemapkey.issue",
      sdkAppId,
      target: userId,
      details,
    });
  }

  /** A login (lib/data/sessions.ts): its audit row, and its session unless the purge has taken it. */
  private login(chunk: Chunk, at: number, kept: boolean): void {
    const { sdkAppId } = this.o;
    const userId = this.someUser();
    const ip = this.ip();
    const expiresAt = new Date(at + this.o.sessionSeconds * 1000);
    const platform = PLATFORMS[Math.floor(this.random() * PLATFORMS.length)]!;
    if (kept)
      chunk.sessions.push([
        randomUUID(),
        this.hex(),
        sdkAppId,
        userId,
        ip,
        platform,
        this.hex(),
        this.sqlDate(new Date(at)),
        this.sqlDate(expiresAt),
      ]);
    this.audit(chunk, at, {
      actor: { type: "user", id: userId, ip },
      action: "login",
      sdkAppId,
      target: userId,
      details: { keyVersion: 1, expiresAt: expiresAt.toISOString() },
    });
  }

  /** Everything else: rejected logins and App Server calls (some repeated), and a little console traffic. */
  private other(chunk: Chunk, at: number): void {
    const { sdkAppId } = this.o;
    const r = this.random();
    const rejection = REJECTIONS[Math.floor(this.random() * REJECTIONS.length)]!;
    const repeats =
      this.random() < 0.2
        ? { count: 2 + Math.floor(this.random() * 40), lastAt: new Date(at + Math.floor(this.random() * 60_000)) }
        : {};
    const operator = { type: "operator" as const, id: this.o.operator, ip: "10.0.0.2" };
    if (r < 0.5) {
      const userId = this.someUser();
      this.audit(chunk, at, {
        actor: { type: "user", id: userId, ip: this.ip() },
        action: "login.reject",
        result: "rejected",
        sdkAppId,
        target: userId,
        code: rejection.code,
        details: { reason: rejection.reason },
        ...repeats,
      });
    } else if (r < 0.7) {
      this.audit(chunk, at, {
        actor: { type: "anonymous", id: "administrator", ip: this.ip() },
        action: "rest.reject",
        result: "rejected",
        sdkAppId,
        target: "administrator",
        code: rejection.code,
        details: { reason: rejection.reason },
        ...repeats,
      });
    } else if (r < 0.85) {
      this.audit(chunk, at, {
        actor: { type: "anonymous", id: "administrator", ip: this.ip() },
        action: "usersig.reject",
        result: "rejected",
        sdkAppId,
        target: "administrator",
        code: rejection.code,
        details: { reason: rejection.reason },
        ...repeats,
      });
    } else if (r < 0.95) {
      // A malformed request names no application.
      this.audit(chunk, at, {
        actor: { type: "anonymous", id: "", ip: this.ip() },
        action: "login.reject",
        result: "rejected",
        code: 70402,
        details: { reason: "The request body is not valid JSON." },
        ...repeats,
      });
    } else if (r < 0.98) {
      this.audit(chunk, at, { actor: operator, action: "operator.sign-in" });
    } else if (r < 0.995) {
      this.audit(chunk, at, {
        actor: operator,
        action: "usersig.verify",
        sdkAppId,
        target: this.someUser(),
        details: { ok: true },
      });
    } else {
      this.audit(chunk, at, {
        actor: { type: "operator", id: "viewer@example.com", ip: "10.0.0.3" },
        action: "key.reveal",
        result: "denied",
        sdkAppId,
        code: 70403,
        details: { permission: "keys.reveal" },
      });
    }
  }
}

const TABLES = {
  accounts: {
    table: "Account",
    columns: [
      "id:text",
      "sdkAppId:oid",
      "userId:text",
      "externalId:text",
      "nickname:text",
      "faceUrl:text",
      "disabled:boolean",
      "createdAt:timestamp",
      "updatedAt:timestamp",
    ],
  },
  tickets: {
    table: "IssuedTicket",
    columns: [
      "id:text",
      "sdkAppId:oid",
      "userId:text",
      "kind:text",
      "time:int",
      "expire:int",
      "sigHash:text",
      "keyVersion:int",
      "issuer:text",
      "createdAt:timestamp",
    ],
  },
  sessions: {
    table: "UserSession",
    columns: [
      "id:text",
      "tokenHash:text",
      "sdkAppId:oid",
      "userId:text",
      "ip:text",
      "platform:text",
      "sigHash:text",
      "createdAt:timestamp",
      "expiresAt:timestamp",
    ],
  },
  events: {
    table: "AuditEvent",
    columns: [
      "id:int",
      "at:timestamp",
      "actorType:text",
      "actor:text",
      "ip:text",
      "action:text",
      "result:text",
      "target:text",
      "sdkAppId:oid",
      "code:int",
      "details:text",
      "count:int",
      "lastAt:timestamp",
    ],
  },
  seals: { table: "AuditSeal", columns: ["eventId:int", "prevId:int", "hash:text", "sealedAt:timestamp"] },
} as const;

type TableName = keyof typeof TABLES;
const TABLE_NAMES = Object.keys(TABLES) as TableName[];
const names = (name: TableName) => TABLES[name].columns.map((column) => `"${column.split(":")[0]}"`).join(", ");

type Store = {
  kind: "sqlite" | "postgresql";
  chainHead: () => Promise<Seal>;
  write: (chunk: Chunk) => Promise<void>;
  finish: () => Promise<void>;
};

const busy = (after: Seal) =>
  new Error(
    `Audit rows were written past #${after.id} while seeding: stop every server on this database and run again.`,
  );

/** Writes chunks on the driver beneath Prisma (lib/db.ts), one transaction each. */
async function createStore(): Promise<Store> {
  const { driver } = await import("@/lib/db");
  const { Prisma, queryRows } = await import("@/lib/data/sql");
  const { countEvents } = await import("@/lib/data/daily-counts");
  const { CHAIN_LOCK, GENESIS_HASH } = await import("@/lib/data/audit-seal");
  const head = Prisma.sql`SELECT (SELECT max("id") FROM "AuditEvent") AS "top", (SELECT max("eventId") FROM "AuditSeal") AS "head", (SELECT "hash" FROM "AuditSeal" ORDER BY "eventId" DESC LIMIT 1) AS "hash"`;
  type Head = { top: unknown; head: unknown; hash: string | null };
  const sealed = (row: Head | undefined): Seal => {
    if (Number(row?.top ?? 0) !== Number(row?.head ?? 0))
      throw new Error(
        `Audit rows after #${Number(row?.head ?? 0)} are not sealed yet: stop every server on this database and run again.`,
      );
    return { id: Number(row?.head ?? 0), hash: row?.hash ?? GENESIS_HASH };
  };
  const chainHead = async () => sealed((await queryRows<Head>(head))[0]);
  const dbDriver = await driver();

  if (dbDriver.kind === "sqlite") {
    const connection = dbDriver.connection;
    // A large page cache keeps the indexes' pages in memory while rows go in.
    connection.pragma("cache_size = -524288");
    const ROWS = 500;
    const statements = new Map<string, import("better-sqlite3").Statement>();
    const insert = (name: TableName, rows: unknown[][]) => {
      for (let start = 0; start < rows.length; start += ROWS) {
        const part = rows.slice(start, start + ROWS);
        const key = `${name}:${part.length}`;
        let statement = statements.get(key);
        if (!statement) {
          const row = `(${TABLES[name].columns.map(() => "?").join(", ")})`;
          statement = connection.prepare(
            `INSERT INTO "${TABLES[name].table}" (${names(name)}) VALUES ${Array(part.length).fill(row).join(", ")}`,
          );
          statements.set(key, statement);
        }
        // SQLite has no boolean: Prisma stores 1 and 0.
        statement.run(part.flat().map((value) => (typeof value === "boolean" ? Number(value) : value)));
      }
    };
    const check = connection.prepare(head.sql);
    return {
      kind: "sqlite",
      chainHead,
      write: async (chunk) => {
        connection
          .transaction(() => {
            if (sealed(check.get() as Head).id !== chunk.after.id) throw busy(chunk.after);
            for (const name of TABLE_NAMES) insert(name, chunk[name]);
            for (const { metric, events } of chunk.daily) {
              const statement = countEvents(metric, events);
              connection.prepare(statement.sql).run(...statement.values);
            }
          })
          .immediate();
      },
      finish: async () => void connection.pragma("wal_checkpoint(TRUNCATE)"),
    };
  }

  const pool = dbDriver.pool;
  return {
    kind: "postgresql",
    chainHead,
    write: async (chunk) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        // The sealer's lock: no server process appends to the chain meanwhile.
        await client.query("SELECT pg_advisory_xact_lock($1)", [CHAIN_LOCK]);
        if (sealed((await client.query<Head>(head.text)).rows[0]).id !== chunk.after.id) throw busy(chunk.after);
        for (const name of TABLE_NAMES) {
          const rows = chunk[name];
          if (rows.length === 0) continue;
          const { table, columns } = TABLES[name];
          const arrays = columns.map((_, index) => rows.map((row) => row[index]));
          const unnest = columns.map((column, index) => `$${index + 1}::${column.split(":")[1]}[]`).join(", ");
          await client.query(`INSERT INTO "${table}" (${names(name)}) SELECT * FROM unnest(${unnest})`, arrays);
        }
        for (const { metric, events } of chunk.daily) {
          const statement = countEvents(metric, events);
          await client.query(statement.text, statement.values);
        }
        // The ids were given explicitly; the sequence must go on after them.
        await client.query(
          `SELECT setval(pg_get_serial_sequence('"AuditEvent"', 'id'), (SELECT max("id") FROM "AuditEvent"))`,
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    // What autovacuum would soon do anyway, so the planner and index-only scans see the new rows.
    finish: async () => {
      for (const name of TABLE_NAMES) await pool.query(`VACUUM (ANALYZE) "${TABLES[name].table}"`);
      await pool.query(`VACUUM (ANALYZE) "DailyCount"`);
    },
  };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\nseed:scale failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
