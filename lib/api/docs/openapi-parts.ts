import { z } from "zod";

// Building blocks of the OpenAPI 3.1 document (lib/api/docs/openapi.ts),
// shared with the route table (lib/server/routes.ts), whose entries carry
// their own documentation. Request bodies are generated from the zod schemas
// the routes validate with (JSON Schema 2020-12, which OpenAPI 3.1 uses).

export type Operation = Record<string, unknown>;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The JSON Schema of what `schema` accepts (its input side: before defaults and transforms). */
export function requestSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return json;
}

export const jsonBody = (schema: z.ZodType, maxBytes: number, example: unknown) => ({
  required: true,
  "x-max-body-bytes": maxBytes,
  content: { "application/json": { schema: requestSchema(schema), example } },
});
export const jsonResponse = (description: string, schema: object) => ({
  description,
  content: { "application/json": { schema } },
});
export const str = { type: "string" } as const;
export const int = { type: "integer" } as const;
export const array = (items: object, maxItems?: number) => ({ type: "array", items, ...(maxItems && { maxItems }) });
export const object = (properties: Record<string, object>, required: string[] = []) => ({
  type: "object",
  properties,
  ...(required.length && { required }),
});

export const v1Errors = {
  "400": jsonResponse(
    "Invalid request or UserSig (70402, 70002, 70003, 70005 malformed or dated more than TESSERA_CLOCK_SKEW_SECONDS ahead, 70013, 70014)",
    ref("Error"),
  ),
  "401": jsonResponse("UserSig or session not accepted (70001, 70009, 70016, 70052)", ref("Error")),
  "403": jsonResponse("Account disabled (70051) or not an app admin (70403)", ref("Error")),
  "404": jsonResponse("SDKAppID not found or disabled (70020)", ref("Error")),
  "429": jsonResponse("Too many failed attempts (70050); see Retry-After", ref("Error")),
};

export const adminQuery = [
  { name: "sdkappid", in: "query", required: true, schema: int, description: "The application's SDKAppID." },
  {
    name: "identifier",
    in: "query",
    required: true,
    schema: str,
    description: "An app admin's UserID, e.g. administrator.",
  },
  { name: "usersig", in: "query", required: true, schema: str, description: "A valid UserSig for the identifier." },
];

// The codes a rejected admin UserSig answers with, in the REST envelope and in /api/v1/usersig.
export const ADMIN_USERSIG_CODES = [70001, 70002, 70003, 70005, 70009, 70013, 70014, 70016, 70051, 70052];
