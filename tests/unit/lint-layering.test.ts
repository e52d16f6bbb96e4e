// The layering rules in tests/lint/eslint.config.mjs, proven on snippets: each
// forbidden import is reported by `npm run lint`, and the allowed ones are not.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { ESLint } from "eslint";

const eslint = new ESLint({ overrideConfigFile: path.resolve("tests/lint/eslint.config.mjs") });

/** The rule ids ESLint reports for `code` as if it were the file at `filePath`. */
async function reported(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(filePath) });
  return result!.messages.map((message) => message.ruleId ?? message.message);
}

describe("layering rules", () => {
  test("a client component cannot import a server module, but may import types and client-safe code", async () => {
    const client = (imports: string) => `"use client";\n${imports}\nexport function X() { return null; }\n`;
    for (const source of [
      "@/lib/data/apps",
      "@/lib/db",
      "@/lib/auth/session",
      "@/lib/env",
      "server-only",
      "node:crypto",
      "@/lib/api/services/login",
    ]) {
      const rules = await reported(
        "components/x/example.tsx",
        client(`import * as m from "${source}";\nconsole.log(m);`),
      );
      assert.ok(rules.includes("tessera/no-server-import-in-client"), `${source}: ${rules.join(", ")}`);
    }
    assert.deepEqual(
      await reported(
        "components/x/example.tsx",
        client(
          `import type { AppDto } from "@/lib/data/apps";\nimport { cn } from "@/components/ui/cn";\nexport const y: AppDto | null = null;\nconsole.log(cn);`,
        ),
      ),
      [],
    );
    // The same import from a server component is fine.
    assert.deepEqual(
      await reported(
        "app/example/page.tsx",
        `import { listApps } from "@/lib/data/apps";\nexport default async function Page() { return String(await listApps()); }\n`,
      ),
      [],
    );
  });

  test("lib/data does not import next/*", async () => {
    const rules = await reported(
      "lib/data/example.ts",
      `import { revalidatePath } from "next/cache";\nexport const x = revalidatePath;\n`,
    );
    assert.ok(rules.includes("no-restricted-imports"), rules.join(", "));
  });

  test("lib/usersig imports only itself", async () => {
    assert.ok(
      (await reported("lib/usersig/example.ts", `import { db } from "@/lib/db";\nexport const x = db;\n`)).includes(
        "no-restricted-imports",
      ),
    );
    assert.deepEqual(
      await reported(
        "lib/usersig/example.ts",
        `import { CODES } from "@/lib/usersig/constants";\nexport const x = CODES;\n`,
      ),
      [],
    );
  });

  test("lib, app and components never import from prisma/ (its scripts use lib, not the other way round)", async () => {
    assert.ok(
      (
        await reported("lib/example.ts", `import { migrate } from "@/prisma/migrate";\nexport const x = migrate;\n`)
      ).includes("no-restricted-imports"),
    );
  });
});
