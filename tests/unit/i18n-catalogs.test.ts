// The message catalogs (lib/i18n/messages): every language has every key,
// every key is used, and a message's ICU arguments and tags are the same in
// every language, so no translation can drop or invent a placeholder.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { openApiDocument } from "@/lib/api/docs/openapi";
import { AUDIT_ACTION_NAMES, auditActionKey } from "@/lib/audit-actions";
import { docKey, textKey } from "@/components/api-docs/doc-keys";
import { OPERATOR_ROLES } from "@/lib/auth/permissions";
import { CALLBACK_ACTIONS } from "@/lib/callbacks/actions";
import { SYSTEM_WARNING_KINDS } from "@/lib/data/system-status";
import { ERROR_PATTERNS } from "@/lib/i18n/error-messages";
import { DEFAULT_LOCALE, LOCALES } from "@/lib/i18n/locales";
import { PRIVILEGES } from "@/lib/usersig/constants";
import { SECOND_FACTOR_POLICIES } from "@/lib/validations/second-factors";
import { SSO_REFUSALS } from "@/lib/validations/sso";

type Catalog = { [key: string]: string | Catalog };

const catalogs = Object.fromEntries(
  LOCALES.map((locale) => [
    locale,
    JSON.parse(readFileSync(path.resolve("lib/i18n/messages", `${locale}.json`), "utf8")) as Catalog,
  ]),
);

/** Every message of a catalog by its dotted key. */
function flatten(catalog: Catalog, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    if (typeof value === "string") out.set(prefix + key, value);
    else for (const [inner, text] of flatten(value, `${prefix}${key}.`)) out.set(inner, text);
  }
  return out;
}

/** A message's arguments and rich-text tags, e.g. ["arg:count", "tag:strong"]. */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.argument || element.type === TYPE.number || element.type === TYPE.date)
        found.add(`arg:${element.value}`);
      if (element.type === TYPE.plural || element.type === TYPE.select) {
        found.add(`arg:${element.value}`);
        for (const option of Object.values(element.options)) walk(option.value);
      }
      if (element.type === TYPE.tag) {
        found.add(`tag:${element.value}`);
        walk(element.children);
      }
    }
  };
  walk(parse(message));
  return [...found].sort();
}

const english = flatten(catalogs[DEFAULT_LOCALE]!);

/** The API reference's words as the OpenAPI document has them, by catalog key (components/api-docs). */
const apiDoc = openApiDocument() as {
  info: { description: string };
  paths: Record<
    string,
    Record<string, { tags?: string[]; summary?: string; description?: string; parameters?: { description?: string }[] }>
  >;
};
const apiOperations = Object.entries(apiDoc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ key: docKey(`${method} ${path}`), ...operation })),
);
const apiTags = [...new Set(apiOperations.flatMap((operation) => operation.tags ?? []))];
const apiTexts = [
  ...new Set(
    apiOperations.flatMap((operation) => [
      ...(operation.description ? [operation.description] : []),
      ...(operation.parameters ?? []).flatMap((parameter) => (parameter.description ? [parameter.description] : [])),
    ]),
  ),
];

describe("message catalogs", () => {
  for (const locale of LOCALES) {
    test(`${locale} has exactly the keys of ${DEFAULT_LOCALE}`, () => {
      const keys = flatten(catalogs[locale]!);
      assert.deepEqual(
        [...english.keys()].filter((key) => !keys.has(key)),
        [],
        `missing in ${locale}`,
      );
      assert.deepEqual(
        [...keys.keys()].filter((key) => !english.has(key)),
        [],
        `only in ${locale}`,
      );
    });

    test(`${locale}: every message parses and has the placeholders of ${DEFAULT_LOCALE}`, () => {
      const messages = flatten(catalogs[locale]!);
      for (const [key, message] of english) {
        const translated = messages.get(key);
        if (translated === undefined) continue;
        assert.deepEqual(placeholders(translated), placeholders(message), `${locale} ${key}: ${translated}`);
      }
    });
  }

  // Groups whose keys the code builds from a list: the catalog holds one message per member, no more.
  const families: [string, readonly string[]][] = [
    ["auditActions", AUDIT_ACTION_NAMES.map(auditActionKey)],
    ["roles", OPERATOR_ROLES],
    ["roleDescriptions", OPERATOR_ROLES],
    ["privileges", Object.keys(PRIVILEGES)],
    ["operators.policies", SECOND_FACTOR_POLICIES],
    ["callbacks.actions", CALLBACK_ACTIONS],
    ["sso.refusals", SSO_REFUSALS],
    ["system.warnings", SYSTEM_WARNING_KINDS],
    ["errors", ERROR_PATTERNS.map(([, key]) => key)],
    ["apiDocs.tags", apiTags.map(docKey)],
    ["apiDocs.summaries", apiOperations.filter((operation) => operation.summary).map((operation) => operation.key)],
    ["apiDocs.texts", apiTexts.map(textKey)],
  ];

  test("a group the code reads by name has a message for each name and none else", () => {
    for (const [family, names] of families) {
      const members = new Set([...english.keys()].filter((key) => key.startsWith(`${family}.`)).map(memberOf(family)));
      assert.deepEqual([...members].sort(), [...new Set(names)].sort(), family);
    }
  });

  test("every other key is used: quoted in a source file that names its namespace", () => {
    const sources = sourceFiles(["app", "components", "lib"]).map((file) => readFileSync(file, "utf8"));
    const unused = [...english.keys()].filter((key) => {
      if (families.some(([family]) => key.startsWith(`${family}.`))) return false;
      const [namespace, ...rest] = key.split(".");
      const relative = rest.join(".");
      return !sources.some(
        (source) =>
          source.includes(`"${key}"`) || (source.includes(`"${namespace}"`) && source.includes(`"${relative}"`)),
      );
    });
    assert.deepEqual(unused, []);
  });

  test("the API reference's English is the OpenAPI document's, so a change there asks for a new translation", () => {
    assert.equal(english.get("apiDocs.info"), apiDoc.info.description);
    for (const tag of apiTags) assert.equal(english.get(`apiDocs.tags.${docKey(tag)}`), tag);
    for (const operation of apiOperations)
      if (operation.summary) assert.equal(english.get(`apiDocs.summaries.${operation.key}`), operation.summary);
    for (const text of apiTexts) assert.equal(english.get(`apiDocs.texts.${textKey(text)}`), text);
  });

  test("an error pattern's named groups are its message's arguments", () => {
    for (const [pattern, key] of ERROR_PATTERNS) {
      const groups = [...pattern.source.matchAll(/\(\?<(\w+)>/g)].map((match) => `arg:${match[1]}`).sort();
      assert.deepEqual(groups, placeholders(english.get(`errors.${key}`)!), `errors.${key}`);
    }
  });
});

const memberOf = (family: string) => (key: string) => key.slice(family.length + 1).split(".")[0]!;

function sourceFiles(roots: string[]): string[] {
  return roots.flatMap((root) =>
    readdirSync(root).flatMap((name) => {
      const file = path.join(root, name);
      if (file === path.join("lib", "generated") || file === path.join("lib", "i18n", "messages")) return [];
      if (statSync(file).isDirectory()) return sourceFiles([file]);
      return /\.tsx?$/.test(name) ? [file] : [];
    }),
  );
}
