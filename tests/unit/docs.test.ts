// The README and the docs beside the code, checked against what they
// describe, so they cannot drift: the npm scripts they name exist, the
// configuration table is what lib/env.ts reads (defaults and ranges
// included), their relative links and anchors resolve, and the API section
// names every route.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { openApiDocument } from "@/lib/api/docs/openapi";
import { findRestCommand } from "@/lib/api/services/rest-commands";
import { parseEnv } from "@/lib/env";
import { ROUTES } from "@/lib/server/routes";

const ROOT = process.cwd();
const SKIP_DIRS = new Set([
  "node_modules",
  ".git",
  "generated",
  "data",
  "test-results",
  "playwright-report",
  "blob-report",
]);

/** Every Markdown file of the project (README.md and the docs beside the code), relative to the root. */
function markdownFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return SKIP_DIRS.has(entry.name) || entry.name.startsWith(".next") ? [] : markdownFiles(full);
    return entry.name.endsWith(".md") ? [path.relative(ROOT, full)] : [];
  });
}

const DOCS = markdownFiles();
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const README = read("README.md");

/** The text without fenced code blocks (links inside them are not links). */
const withoutFences = (text: string) => text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
/** The text without fenced code blocks and inline code spans. */
const prose = (text: string) => withoutFences(text).replace(/(`+)[\s\S]*?\1/g, "");

/** A level-2 section of a Markdown document, from its heading to the next one. */
function section(text: string, heading: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line === `## ${heading}`);
  assert.notEqual(start, -1, `README.md has no "## ${heading}" section`);
  const end = lines.findIndex((line, i) => i > start && /^## /.test(line));
  return lines.slice(start, end === -1 ? undefined : end).join("\n");
}

/** GitHub's anchor for a heading's text (github-slugger), duplicates numbered. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  for (const [, title] of withoutFences(text).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const plain = title!
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/[`*_~]/g, (c) => (c === "_" ? "_" : ""))
      .trim();
    const slug = plain
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    found.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return found;
}

describe("the docs name only npm scripts that exist", () => {
  test("every `npm run X`, `npm start` and `npm test` in README.md and the docs is a script of package.json", () => {
    const scripts = new Set(Object.keys(JSON.parse(read("package.json")).scripts as Record<string, string>));
    const missing: string[] = [];
    for (const file of DOCS) {
      const text = read(file);
      for (const [, name] of text.matchAll(/\bnpm\s+run(?:\s+(?:-s|--silent))?\s+([A-Za-z0-9:_-]+)/g))
        if (!scripts.has(name!)) missing.push(`${file}: npm run ${name}`);
      for (const [, name] of text.matchAll(/\bnpm\s+(?:-s\s+)?(start|test|stop|restart)\b/g))
        if (!scripts.has(name!)) missing.push(`${file}: npm ${name}`);
    }
    assert.deepEqual(missing, [], "scripts the docs name but package.json lacks");
  });
});

describe("the signing CLI's docs name only options it has", () => {
  test("every --option in lib/usersig/README.md is one lib/usersig/cli.ts defines", () => {
    const defined = new Set([...read("lib/usersig/cli.ts").matchAll(/"(--[a-z-]+)=/g)].map((match) => match[1]!));
    // Beside the CLI's own: its help, npm's --silent, and the "--name=value" of the prose.
    for (const other of ["--help", "--silent", "--name"]) defined.add(other);
    const named = [...read("lib/usersig/README.md").matchAll(/(?<![\w-])(--[a-z][a-z-]*)/g)].map((match) => match[1]!);
    assert.ok(named.length > 0, "lib/usersig/README.md names no option");
    assert.deepEqual(
      [...new Set(named)].filter((option) => !defined.has(option)),
      [],
      "options the README names that the CLI lacks",
    );
  });
});

// The configuration table: | variable | default | allowed | meaning |
type Row = { name: string; default: string; allowed: string };

function configurationTable(): Row[] {
  const rows = section(README, "Configuration")
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  const [header, , ...body] = rows;
  assert.deepEqual(header?.slice(0, 3), ["variable", "default", "allowed"], "the configuration table's columns");
  return body.map(([name, fallback, allowed]) => ({
    name: name!.replace(/`/g, ""),
    default: fallback!,
    allowed: allowed!,
  }));
}

/** The smallest environment lib/env.ts accepts. */
const BASE = { TESSERA_MASTER_KEY: "a".repeat(64), NEXTAUTH_SECRET: "s".repeat(32) };

const parses = (extra: Record<string, string | undefined>) => {
  try {
    return { ok: true as const, env: parseEnv({ ...BASE, ...extra }) as unknown as Record<string, unknown> };
  } catch (error) {
    return { ok: false as const, message: (error as Error).message };
  }
};

/** The variables lib/env.ts reads: those its schema asks the environment for, and any `process.env.X` it names. */
function variablesEnvReads(): Set<string> {
  const asked = new Set<string>();
  const watched = new Proxy({ ...BASE } as Record<string, string | undefined>, {
    get(target, key, receiver) {
      if (typeof key === "string") asked.add(key);
      return Reflect.get(target, key, receiver);
    },
  });
  parseEnv(watched);
  for (const [, name] of read("lib/env.ts").matchAll(/process\.env\.([A-Z0-9_]+)/g)) asked.add(name!);
  return asked;
}

/** A variable lib/env.ts refuses whatever its value: one that was removed. */
const refusedAlways = (name: string) => ["0", "1", "true", "x"].every((value) => !parses({ [name]: value }).ok);

describe("the README's configuration table is lib/env.ts", () => {
  const table = configurationTable();
  const listed = new Set(table.map((row) => row.name));
  const readByEnv = variablesEnvReads();

  test("every variable in the table is read by lib/env.ts", () => {
    assert.deepEqual(
      [...listed].filter((name) => !readByEnv.has(name)),
      [],
      "in the table, not read by lib/env.ts",
    );
  });

  test("every variable lib/env.ts reads is in the table, or refused and in the Upgrading section", () => {
    const upgrading = section(README, "Upgrading");
    const unlisted = [...readByEnv].filter((name) => !listed.has(name));
    assert.deepEqual(
      unlisted.filter((name) => !refusedAlways(name)),
      [],
      "read by lib/env.ts, missing from the table",
    );
    assert.deepEqual(
      unlisted.filter((name) => !upgrading.includes(`\`${name}\``)),
      [],
      "refused by lib/env.ts, not explained under Upgrading",
    );
  });

  for (const row of table) {
    test(`${row.name}: the table's default is lib/env.ts's`, () => {
      const unset = parses({});
      assert.ok(
        unset.ok || /^required\b/.test(row.default),
        `the base environment is refused: ${unset.ok || unset.message}`,
      );
      if (/^required\b/.test(row.default)) {
        const without = parses({ [row.name]: undefined });
        assert.ok(!without.ok && without.message.includes(row.name), `${row.name} is not required by lib/env.ts`);
        return;
      }
      assert.ok(unset.ok);
      const value = unset.env[row.name];
      if (/^unset\b/.test(row.default)) return assert.equal(value, undefined, `${row.name} has a default`);
      if (/^empty\b/.test(row.default))
        return assert.ok(value === "" || (Array.isArray(value) && value.length === 0), `${row.name} is not empty`);
      const documented = /^`([^`]*)`/.exec(row.default)?.[1];
      assert.ok(documented !== undefined, `${row.name}: write the default as \`value\`, required, unset or empty`);
      const given = parses({ [row.name]: documented });
      assert.ok(given.ok, `${row.name}=${documented} is refused: ${given.ok || given.message}`);
      assert.deepEqual(given.env[row.name], value, `${row.name}: the default is not ${documented}`);
    });

    test(`${row.name}: the table's range is what lib/env.ts accepts`, () => {
      assert.notEqual(row.allowed, "", `${row.name} has no allowed values in the table`);
      const accepts = (value: string) => parses({ [row.name]: value }).ok;
      const between = /^`(-?\d+)` to `(\d+)`$/.exec(row.allowed);
      const atLeast = /^`(-?\d+)` or more$/.exec(row.allowed);
      const oneOf = /^(`[^`]+`, )*`[^`]+` or `[^`]+`$/.test(row.allowed)
        ? [...row.allowed.matchAll(/`([^`]+)`/g)].map((match) => match[1]!)
        : null;
      if (between || atLeast) {
        const min = Number((between ?? atLeast)![1]);
        assert.ok(accepts(String(min)), `${row.name}=${min} is refused`);
        assert.ok(!accepts(String(min - 1)), `${row.name}=${min - 1} is accepted`);
        assert.ok(!accepts(`${min}.5`), `${row.name}=${min}.5 is accepted`);
        if (between) {
          const max = Number(between[2]);
          assert.ok(accepts(String(max)), `${row.name}=${max} is refused`);
          assert.ok(!accepts(String(max + 1)), `${row.name}=${max + 1} is accepted`);
        }
      } else if (oneOf) {
        for (const value of oneOf) assert.ok(accepts(value), `${row.name}=${value} is refused`);
        assert.ok(!accepts("not-a-listed-value"), `${row.name} accepts values the table does not list`);
      }
    });
  }
});

describe("links in the docs resolve", () => {
  test("every relative link and image in README.md and the docs names a file that exists, and an anchor in it", () => {
    const broken: string[] = [];
    const anchorsOf = new Map<string, Set<string>>();
    for (const file of DOCS) {
      for (const [, target] of prose(read(file)).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target!)) continue;
        const [pathPart, anchor] = target!.split("#", 2) as [string, string | undefined];
        const resolved = pathPart === "" ? file : path.normalize(path.join(path.dirname(file), decodeURI(pathPart)));
        if (!existsSync(path.join(ROOT, resolved))) {
          broken.push(`${file}: ${target} (no ${resolved})`);
          continue;
        }
        if (anchor === undefined || !resolved.endsWith(".md") || statSync(path.join(ROOT, resolved)).isDirectory())
          continue;
        if (!anchorsOf.has(resolved)) anchorsOf.set(resolved, anchors(read(resolved)));
        if (!anchorsOf.get(resolved)!.has(anchor))
          broken.push(`${file}: ${target} (no heading #${anchor} in ${resolved})`);
      }
    }
    assert.deepEqual(broken, [], "broken links");
  });
});

describe("the README's API section names every route", () => {
  const api = section(README, "API");
  // Code spans, and the path in a span such as `GET /audit/export`.
  const named = new Set([...api.matchAll(/`([^`]+)`/g)].map((match) => match[1]!.replace(/^[A-Z]+ /, "")));

  test("every machine route of lib/server/routes.ts and every path of /api/openapi.json", () => {
    const paths = [
      ...ROUTES.map((route) => route.path.replace(/:service\/:command$/, "<service>/<command>")),
      ...Object.keys((openApiDocument() as { paths: Record<string, unknown> }).paths),
    ];
    assert.deepEqual(
      [...new Set(paths)].filter((p) => !named.has(p)),
      [],
      "routes the README's API section does not name",
    );
  });

  test("every /v4 command it names is one Tessera answers", () => {
    const commands = [...named].filter((p) => /^\/v4\/[a-z_]+\/[a-z_]+$/.test(p));
    assert.ok(commands.length > 0, "the API section names no /v4 command");
    assert.deepEqual(
      commands.filter((p) => !findRestCommand(p.split("/")[2]!, p.split("/")[3]!)),
      [],
      "/v4 commands the README names that Tessera does not answer",
    );
  });

  test("every route handler under app/ (next-auth, exports, the key reveal)", () => {
    const handlers = (dir: string): string[] =>
      readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? handlers(path.join(dir, entry.name))
          : entry.name === "route.ts"
            ? [
                dir
                  .split(path.sep)
                  .slice(1)
                  .filter((part) => !/^\(.*\)$/.test(part))
                  .map((part) => part.replace(/^\[\.\.\..+\]$/, "*").replace(/^\[(.+)\]$/, "{$1}"))
                  .join("/"),
              ]
            : [],
      );
    const missing = handlers("app")
      .map((route) => `/${route}`)
      .filter((route) => !named.has(route));
    assert.deepEqual(missing, [], "route handlers the README's API section does not name");
  });
});
