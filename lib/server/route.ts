import { type z } from "zod";
import { type AdminIdentity } from "@/lib/api/auth/app-admin";
import { type Operation } from "@/lib/api/docs/openapi-parts";
import { type Answer } from "@/lib/api/http/responses";
import { type SessionDto } from "@/lib/data/sessions";
import { type AuditAction } from "@/lib/audit-actions";

// What a machine route is: one entry of the route table (lib/server/routes.ts),
// which the server (lib/server/http-server.ts), the OpenAPI document
// (lib/api/docs/openapi.ts) and the authorization matrix all read. A handler
// is a plain function of the parsed input and the authenticated caller; the
// framework's request object stays at the edge (lib/server/answer.ts).

/** Who may call a route; the server authenticates the caller before the handler runs. */
export type Access = "public" | "app-user session" | "app-admin UserSig";

type Caller = { ip: string; requestId: string };
export type CallerFor<A extends Access> = A extends "app-user session"
  ? Caller & { session: SessionDto; token: string }
  : A extends "app-admin UserSig"
    ? Caller & { admin: AdminIdentity }
    : Caller;

/** The request as the server hands it on: nothing of the framework's. */
export type RawRequest = {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  authorization: string | undefined;
  /** The body as text (any content type; JSON is parsed by the route's rules), undefined without one. */
  text: string | undefined;
  /** The body was larger than the route's cap, and was not kept. */
  bodyTooLarge: boolean;
  ip: string;
  requestId: string;
};

type BodySpec<S extends z.ZodType> = {
  schema: S;
  /** The cap on the raw body, enforced while it is read (lib/validations/limits.ts). */
  maxBytes: number;
  example: unknown;
  /** What to send instead, told to a caller whose body is refused. */
  fix: string;
  /** The audit action a refused body is recorded under. */
  rejectAction: AuditAction;
};

/** An /api/v1 route: JSON in, JSON out, errors as {"error":{code,message,fix}} with their HTTP status. */
export type V1Route = {
  family: "v1";
  method: "GET" | "POST";
  path: string;
  access: Access;
  body?: BodySpec<z.ZodType>;
  /** The OpenAPI operation, but for its request body, which is generated from `body`. */
  docs: Operation;
  handle: (input: {
    caller: Caller & { session?: SessionDto; token?: string; admin?: AdminIdentity };
    body: unknown;
    query: URLSearchParams;
  }) => Promise<unknown>;
};

/** The /v4 REST layer: every method on one path, answered in Tencent's envelope; it authenticates itself. */
export type RestRoute = {
  family: "rest";
  path: string;
  access: "app-admin UserSig";
  handle: (request: RawRequest) => Promise<Answer>;
};

export type MachineRoute = V1Route | RestRoute;

/** A handler's answer with another status than 200 (a plain value is answered 200). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** Declares an /api/v1 route, typing its handler's caller by its access and its body by its schema. */
export function v1Route<A extends Access, S extends z.ZodType = z.ZodUndefined>(definition: {
  method: "GET" | "POST";
  path: string;
  access: A;
  body?: BodySpec<S>;
  docs: Operation;
  handle: (input: { caller: CallerFor<A>; body: z.infer<S>; query: URLSearchParams }) => Promise<unknown>;
}): V1Route {
  // The server authenticates by `access` and validates by `body` before calling `handle`, which makes these types true.
  return { family: "v1", ...definition } as unknown as V1Route;
}
