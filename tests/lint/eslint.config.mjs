// ESLint (flat config) for the whole project: `npm run lint`. It lives here
// because the project's top level is fixed; package.json's script points at it.
// Next's recommended rules and typescript-eslint, plus the layering rules
// the house style describes (each with the reason a reader needs).
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import layering from "./layering.mjs";
import userVisibleText from "./user-visible-text.mjs";

const restrict = (patterns) => ["error", { patterns }];

// prisma/ holds the CLI scripts (setup, migrations, audit tools), which use
// lib; lib, app and components never reach back into them.
const PRISMA_SCRIPTS = {
  group: ["@/prisma/*", "**/prisma/*"],
  message: "Only prisma/ scripts and tests import from prisma/; shared code belongs in lib/.",
};
// The data layer is plain TypeScript over Prisma: no routing, caching or
// request objects, so scripts and tests can call it outside Next.
const NO_NEXT = {
  group: ["next", "next/*"],
  message: "lib/data must not depend on Next.js; revalidate and redirect in lib/actions or app/.",
};
// The signing library is self-contained (it also runs in the browser tools
// and the CLI): it imports only itself.
const ONLY_ITSELF = {
  regex: "^(@/(?!lib/usersig(/|$))|\\.\\./)",
  message: "lib/usersig imports nothing from the app.",
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    "lib/generated/**",
    ".next/**",
    ".next-*/**",
    "node_modules/**",
    "test-results/**",
    "public/**",
    "next-env.d.ts",
  ]),
  {
    plugins: { tessera: layering },
    rules: {
      "tessera/no-server-import-in-client": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    // The console speaks the operator's language: its words live in lib/i18n/messages.
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    plugins: { i18n: userVisibleText },
    rules: { "i18n/no-literal-text": "error" },
  },
  {
    // `useTestDatabase` and friends are test set-up, not React hooks; a
    // response body parsed from JSON is typed `any` where a test reads it.
    files: ["tests/**"],
    rules: { "react-hooks/rules-of-hooks": "off", "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Every browser test fails on a Content-Security-Policy violation in the
    // page console; tests/e2e/support.ts adds that to its `test`.
    files: ["tests/e2e/**"],
    ignores: ["tests/e2e/support.ts", "tests/e2e/playwright.config.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@playwright/test",
              importNames: ["test"],
              message: "Import test from ./support: it fails a test on any CSP violation in the page console.",
            },
          ],
        },
      ],
    },
  },
  {
    // Loaded with `node --require` before Next starts: CommonJS by necessity.
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  // Later blocks replace an earlier block's options for the same rule, so
  // each area lists every restriction that applies to it.
  {
    files: ["lib/**", "app/**", "components/**"],
    rules: { "no-restricted-imports": restrict([PRISMA_SCRIPTS]) },
  },
  {
    files: ["lib/data/**"],
    rules: { "no-restricted-imports": restrict([PRISMA_SCRIPTS, NO_NEXT]) },
  },
  {
    files: ["lib/usersig/**"],
    rules: { "no-restricted-imports": restrict([PRISMA_SCRIPTS, ONLY_ITSELF]) },
  },
  {
    // Shared with Tessera's own HTTP server, which runs outside Next.
    files: ["lib/security-headers.ts"],
    rules: {
      "no-restricted-imports": restrict([
        { regex: ".", message: "lib/security-headers.ts imports nothing, so any server can use it." },
      ]),
    },
  },
]);
