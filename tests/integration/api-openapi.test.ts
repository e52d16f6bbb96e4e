// The served OpenAPI document against the routes themselves: every limit the
// document states for a request body (array sizes, string lengths, the raw
// body cap) is exactly where the route starts refusing, and every example
// passes the route's validation. The document is generated from the zod
// schemas; this proves the routes validate with those same schemas.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { adminQuery, call, newApp, type Reply } from "./api-helpers";

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  maxItems?: number;
  maxLength?: number;
  description?: string;
  deprecated?: boolean;
};
type Operation = {
  requestBody?: {
    "x-max-body-bytes": number;
    content: { "application/json": { schema: JsonSchema; example: Record<string, unknown> } };
  };
};

let app: number;
let operations: [string, NonNullable<Operation["requestBody"]>][];

before(async () => {
  app = await newApp("OpenAPI limits");
  const doc = (await call("/api/openapi.json")).body as { paths: Record<string, { post?: Operation }> };
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    item.post?.requestBody ? [[path, item.post.requestBody] as [string, NonNullable<Operation["requestBody"]>]] : [],
  );
});

async function send(path: string, raw: string): Promise<Reply> {
  const authenticated = path.startsWith("/v4/") || path.startsWith("/api/v1/usersig");
  return call(authenticated ? `${path}?${await adminQuery(app)}` : path, {
    raw,
    headers: { "content-type": "application/json" },
  });
}

/** The route's own words when it refuses a body: [code, message]. */
function refusal(reply: Reply): [number, string] {
  assert.ok(reply.status < 500, `${reply.status} ${reply.text.slice(0, 200)}`);
  if (reply.body && "ErrorCode" in reply.body) return [reply.body.ErrorCode, reply.body.ErrorInfo];
  return reply.body?.error ? [reply.body.error.code, reply.body.error.message] : [0, ""];
}

const exampleFor = (path: string, body: NonNullable<Operation["requestBody"]>) => {
  const example = structuredClone(body.content["application/json"].example);
  if ("sdkAppId" in example) example.sdkAppId = app;
  return example;
};

/**
 * Each bounded field of a body: arrays by item count, and strings whose bound is not re-checked later (UserIDs are).
 * A deprecated field (a field's older name) is sent on its own, as the older clients send it: beside the
 * example's current name it would name the same thing twice.
 */
type Limit = { field: string; limit: number; kind: "items" | "length"; alone: boolean };
function limits(schema: JsonSchema): Limit[] {
  return Object.entries(schema.properties ?? {}).flatMap(([field, property]): Limit[] => {
    const alone = property.deprecated === true;
    if (property.type === "array" && property.maxItems !== undefined)
      return [{ field, limit: property.maxItems, kind: "items", alone }];
    if (property.type === "string" && property.maxLength !== undefined && !property.description?.startsWith("A UserID"))
      return [{ field, limit: property.maxLength, kind: "length", alone }];
    return [];
  });
}

describe("the OpenAPI document matches what the routes accept", () => {
  test("every POST body documents its schema, its example and its byte cap", () => {
    assert.ok(operations.length >= 10, `only ${operations.length} documented bodies`);
    for (const [path, body] of operations) {
      assert.equal(body.content["application/json"].schema.type, "object", path);
      assert.ok(Number.isSafeInteger(body["x-max-body-bytes"]), path);
    }
  });

  test("every example passes the route's validation", async () => {
    for (const [path, body] of operations) {
      const [code, message] = refusal(await send(path, JSON.stringify(exampleFor(path, body))));
      assert.ok(
        !(code === 70402 && /invalid (request|parameters)/i.test(message)) && code !== 60003,
        `${path}: the documented example is refused: ${code} ${message}`,
      );
    }
  });

  test("each documented array and string limit is exactly where the route starts refusing", async () => {
    let checked = 0;
    for (const [path, body] of operations) {
      for (const { field, limit, kind, alone } of limits(body.content["application/json"].schema)) {
        const example = exampleFor(path, body);
        const sample = Array.isArray(example[field]) ? (example[field] as unknown[])[0] : undefined;
        const sized = (n: number) =>
          kind === "items" ? Array.from({ length: n }, (_, i) => sample ?? `u${i}`) : "a".repeat(n);
        const refusedFor = async (n: number) => {
          const [code, message] = refusal(
            await send(path, JSON.stringify({ ...(alone ? {} : example), [field]: sized(n) })),
          );
          return code === 70402 && message.includes(field);
        };
        assert.equal(
          await refusedFor(limit),
          false,
          `${path} ${field}: ${limit} ${kind} (the documented limit) should be accepted`,
        );
        assert.equal(await refusedFor(limit + 1), true, `${path} ${field}: ${limit + 1} ${kind} should be refused`);
        checked++;
      }
    }
    assert.ok(checked >= 10, `only ${checked} limits checked`);
  });

  test("the documented byte cap of each body is exactly where the route answers 'too large'", async () => {
    for (const [path, body] of operations) {
      const json = JSON.stringify(exampleFor(path, body));
      const cap = body["x-max-body-bytes"];
      const padded = (size: number) => json + " ".repeat(size - Buffer.byteLength(json));
      const [, atCap] = refusal(await send(path, padded(cap)));
      assert.doesNotMatch(atCap, /larger than/, `${path}: ${cap} bytes is the documented cap`);
      const [, over] = refusal(await send(path, padded(cap + 1)));
      assert.match(over, new RegExp(`larger than ${cap} bytes`), `${path}: ${cap + 1} bytes`);
    }
  });
});
