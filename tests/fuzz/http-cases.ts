// HTTP fuzz cases for the three app-facing parsers, and the judge of each
// answer. A case carries what it needs to be judged: the credential it sent
// and every content a real key signed for it, so that any success can be
// checked against "was this credential genuine?" computed here, not by the
// server.
import { decodeUserSig, verifyUserSig } from "@/lib/usersig";
import { type HttpAnswer, type HttpRequest } from "./http-client";
import { type Rng } from "./rng";
import { type App, type Signed, type World, genuineCredential, signTicket, ticketCase } from "./tickets";

export type HttpWorld = World & { control: App; disabled: App };
export type Target = "login" | "usersig" | "rest";
export type HttpProblem = "5xx" | "forgery" | "legit-failure" | "wrong-answer";
export type HttpJudgement = { outcome: "success" | "rejected" | "throttled"; problem?: HttpProblem; detail?: string };

export type HttpCase = {
  target: Target;
  control: boolean;
  label: string;
  request: HttpRequest;
  judge: (answer: Extract<HttpAnswer, { ok: true }>) => HttpJudgement;
};

const PLATFORMS = ["iPhone", "Android", "Web", "PC", "iPad", "Mac", "Linux", "Unknown"];
const REST_COMMANDS = [
  "im_open_login_svc/account_import",
  "im_open_login_svc/multiaccount_import",
  "im_open_login_svc/account_delete",
  "im_open_login_svc/account_check",
  "im_open_login_svc/kick",
  "openim/query_online_status",
  "openim/querystate",
];
const ADMIN = "administrator";
/** UserIDs fuzz bodies use. Never the admin in `kick`: kicking it would void every admin UserSig issued that second. */
const FUZZ_USERS = ["fuzz_user", "fuzz_other", "u_0123456789abcdefghijklmnopqrst", "a", 'a"b\\c/d<e>&'];

// ------------------------------------------------------------ helpers

const utf8 = (text: string) => Buffer.from(text, "utf8");

/** What the server's body reader makes of these bytes: UTF-8 (BOM dropped), trimmed, JSON.parse. */
function serverJson(body: Buffer | undefined): unknown {
  try {
    return JSON.parse(
      (body ?? Buffer.alloc(0))
        .toString("utf8")
        .replace(/^\ufeff/, "")
        .trim(),
    );
  } catch {
    return undefined;
  }
}

/** Percent-encodes what may not appear raw on the request line (outside 0x21-0xFF), keeping every other oddity as written. */
const wireSafe = (text: string) => text.replace(/\p{Cs}/gu, "\ufffd").replace(/[^\u0021-\u00ff]/gu, encodeURIComponent);

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function parseAnswer(text: string): Record<string, unknown> | undefined {
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** A value of the wrong type or out of range, for any JSON field. */
function oddValue(rng: Rng): unknown {
  return rng.pick<unknown>([
    null,
    true,
    false,
    0,
    -1,
    1.5,
    2 ** 31,
    2 ** 32,
    2 ** 53 + 2,
    -(2 ** 63),
    1e308,
    "",
    " ",
    "0",
    "1400000000",
    "NaN",
    "Infinity",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "\udc00x",
    "😀",
    "é",
    "Ω".repeat(40),
    "x".repeat(rng.range(33, 3000)),
    [],
    [1, 2],
    ["fuzz_user"],
    {},
    { a: { b: { c: 1 } } },
    { toString: "x" },
    { __proto__: { admin: true } },
  ]);
}

/** Edits a request object: wrong types, missing and extra fields, case-changed keys. */
function mutateObject(rng: Rng, o: Record<string, unknown>, times: number): string[] {
  const ops: string[] = [];
  for (let n = 0; n < times; n++) {
    const keys = Object.keys(o);
    const key = keys.length ? rng.pick(keys) : "x";
    // huge-string is rare: such bodies are over every cap and slow to send.
    const op = rng.weighted({
      "odd-value": 45,
      remove: 12,
      extra: 15,
      "key-case": 8,
      nest: 8,
      proto: 4,
      "huge-string": 0.5,
    });
    ops.push(op);
    if (op === "odd-value") o[key] = oddValue(rng);
    else if (op === "remove") delete o[key];
    else if (op === "extra")
      o[
        rng.pick([
          "extra",
          "Identifier",
          "UserID",
          "sdkAppId",
          "userSig",
          "admin",
          "constructor",
          "prototype",
          "ActionStatus",
          "x".repeat(200),
        ])
      ] = oddValue(rng);
    else if (op === "key-case" && key in o) {
      const v = o[key];
      delete o[key];
      o[rng.pick([key.toUpperCase(), key.toLowerCase(), ` ${key}`, `${key}\u0000`])] = v;
    } else if (op === "nest") o[key] = rng.chance(0.5) ? [o[key]] : { value: o[key] };
    else if (op === "proto")
      Object.defineProperty(o, "__proto__", {
        value: { admin: true, sdkAppId: 1 },
        enumerable: true,
        configurable: true,
        writable: true,
      });
    else if (op === "huge-string") o[key] = "A".repeat(rng.pick([20_000, 100_000, 1 << 20]));
  }
  return ops;
}

/** JSON text of an object, sometimes spelled oddly or broken at the text level. */
function jsonText(rng: Rng, o: unknown): { text: string; label: string } {
  const text = JSON.stringify(o, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)) ?? "null";
  const op = rng.weighted({
    plain: 70,
    duplicate: 6,
    bom: 3,
    spaces: 4,
    escapes: 4,
    trailing: 4,
    truncate: 4,
    comment: 2,
    "single-quotes": 1,
    nan: 2,
  });
  if (op === "plain") return { text, label: "" };
  const spelled =
    op === "duplicate"
      ? // The same key twice: JSON.parse keeps the last one.
        text.replace(
          /^\{/,
          `{${rng.pick(['"userId":"administrator",', '"sdkAppId":1,', '"userSig":"x",', '"UserID":"administrator",', '"To_Account":[],', '"userIds":[],'])}`,
        )
      : op === "bom"
        ? `\ufeff${text}`
        : op === "spaces"
          ? ` \n\t${text}\r\n `
          : op === "escapes"
            ? text.replace(/"([a-zA-Z])/g, (_m, c: string) =>
                rng.chance(0.3) ? `"\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}` : `"${c}`,
              )
            : op === "trailing"
              ? `${text}${rng.pick([",", "}", " x", "\u0000", "{}", "\n\n{"])}`
              : op === "truncate"
                ? text.slice(0, rng.int(text.length))
                : op === "comment"
                  ? `/* c */${text}`
                  : op === "single-quotes"
                    ? text.replace(/"/g, "'")
                    : text.replace(/:(\d+)/, rng.pick([":NaN", ":Infinity", ":-0", ":0x10", ":1e999", ":01"]));
  return { text: spelled, label: `:${op}` };
}

/** Bodies that are not the JSON the endpoint wants at all. */
function garbageBody(rng: Rng): { body: Buffer; label: string } {
  const op = rng.weighted({
    text: 12,
    empty: 8,
    scalar: 10,
    "deep-array": 8,
    "deep-object": 6,
    "huge-array": 6,
    binary: 10,
    utf16: 5,
    form: 6,
    multipart: 4,
    "invalid-utf8": 6,
    "lone-surrogate": 5,
    "number-monster": 4,
    "many-keys": 4,
  });
  const depth = rng.range(100, 20_000);
  const body = {
    text: () =>
      utf8(
        rng.pick([
          "hello",
          "<xml/>",
          "sdkAppId=1&userId=a",
          "{",
          "}",
          "[",
          "{{}}",
          "undefined",
          "{'a':1}",
          "\u0000\u0000",
          "\r\n\r\n",
        ]),
      ),
    empty: () => utf8(rng.pick(["", " ", "\n", "\t\r\n"])),
    scalar: () => utf8(rng.pick(["null", "true", "0", "-1", '"str"', "[]", "{}", "[{}]", "1e400", '"\\ud800"'])),
    "deep-array": () => utf8("[".repeat(depth) + "]".repeat(depth)),
    "deep-object": () => utf8('{"a":'.repeat(depth) + "1" + "}".repeat(depth)),
    "huge-array": () => utf8(`[${Array.from({ length: rng.range(1000, 20_000) }, () => "1").join(",")}]`),
    binary: () => rng.bytes(rng.range(1, 2000)),
    utf16: () => Buffer.from(JSON.stringify({ sdkAppId: 1400000000, userId: "fuzz_user", userSig: "x" }), "utf16le"),
    form: () => utf8("sdkAppId=1400000000&userId=fuzz_user&userSig=abc"),
    multipart: () => utf8('--b\r\nContent-Disposition: form-data; name="userId"\r\n\r\nfuzz_user\r\n--b--\r\n'),
    "invalid-utf8": () =>
      Buffer.concat([utf8('{"userId":"'), Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80]), utf8('"}')]),
    "lone-surrogate": () =>
      utf8('{"userId":"\\ud800","UserID":"\\udfff","To_Account":["\\ud800"],"userIds":["\\udbff"]}'),
    "number-monster": () => utf8(`{"sdkAppId":${"9".repeat(rng.range(400, 20_000))}}`),
    "many-keys": () => utf8(`{${Array.from({ length: rng.range(1000, 10_000) }, (_, i) => `"k${i}":${i}`).join(",")}}`),
  }[op]();
  return { body, label: `garbage:${op}` };
}

/** Above every endpoint's cap (16 KB login, 64 KB usersig, 256 KB REST); sometimes streamed without a length. */
function oversize(rng: Rng): { body: Buffer; chunked: boolean; label: string } {
  const size = rng.pick([17 * 1024, 70 * 1024, 300 * 1024, 1 << 20]);
  const chunked = rng.chance(0.4);
  const body = utf8(`{"x":"${"A".repeat(size)}"}`);
  return { body, chunked, label: `oversize:${size}${chunked ? ":chunked" : ""}` };
}

const CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=b",
  "application/json; charset=utf-16",
  "application/xml",
  "",
  "*/*",
  "application/json;;;",
  'application/json; charset="utf-8"',
  "x".repeat(2000),
];
// Not CONNECT: Node's server hands that to a tunnel handler Next does not have, which just closes the socket.
// (node:http upper-cases method names, so no lower-case variants either.)
const ODD_METHODS = ["GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "FOO", "TRACE", "M-SEARCH", "PROPFIND"];
const JUNK_FORWARDED = [
  "",
  "garbage",
  "1.2.3.4, 5.6.7.8",
  "::1",
  "unknown",
  "999.999.999.999",
  "x".repeat(3000),
  ", , ,",
  "203.0.113.7",
  "[::ffff:1.2.3.4]:80",
  "%00",
];

/** Method, content type and header oddities layered on any fuzz request. */
function oddHttp(rng: Rng, request: HttpRequest): string {
  const parts: string[] = [];
  if (rng.chance(0.04)) {
    request.method = rng.pick(ODD_METHODS);
    parts.push(`method:${request.method}`);
    // TRACE must not carry a body.
    if (request.method === "TRACE") request.body = undefined;
  }
  if (rng.chance(0.12)) {
    request.headers["content-type"] = rng.pick(CONTENT_TYPES);
    parts.push("content-type");
  }
  if (rng.chance(0.08) && request.body) {
    request.chunked = true;
    parts.push("chunked");
  }
  if (rng.chance(0.04)) {
    // Never the controls' address, so fuzz failures cannot throttle them under any X-Forwarded-For policy.
    request.headers["x-forwarded-for"] = rng.pick(JUNK_FORWARDED);
    parts.push("x-forwarded-for");
  }
  if (rng.chance(0.02)) {
    request.headers[
      rng.pick(["content-encoding", "accept-encoding", "expect", "transfer-encoding-x", "cookie", "authorization"])
    ] = rng.pick(["gzip", "deflate", "br", "100-continue", "x".repeat(500), "Bearer x"]);
    parts.push("header");
  }
  return parts.length ? `:${parts.join(":")}` : "";
}

function answerProblems(
  target: Target,
  status: number,
  body: Record<string, unknown> | undefined,
  text: string,
): HttpJudgement | undefined {
  if (status >= 500) return { outcome: "rejected", problem: "5xx", detail: `HTTP ${status}: ${text.slice(0, 300)}` };
  if (target === "rest" && body?.ErrorCode === 70500)
    return { outcome: "rejected", problem: "5xx", detail: `ErrorCode 70500 (internal error): ${text.slice(0, 300)}` };
  return undefined;
}

const throttled = (status: number, body: Record<string, unknown> | undefined) =>
  status === 429 || body?.ErrorCode === 60007 || body?.ErrorCode === 70050 || asObject(body?.error)?.code === 70050;

// ---------------------------------------------------------- credentials

type Credential = { ticket: unknown; identifier: unknown; sdkAppId: unknown; signed: Signed[]; label: string };

/** An app-admin credential for the query string: genuine about half the time. */
function adminCredential(rng: Rng, w: HttpWorld): Credential {
  const fresh = (app: App, user: string, label: string): Credential => {
    const s = signTicket(app, user);
    return { ticket: s.ticket, identifier: user, sdkAppId: app.sdkAppId, signed: [s.signed], label };
  };
  const kind = rng.weighted({
    genuine: 50,
    mutated: 25,
    "not-admin": 6,
    "other-app-key": 5,
    "other-app-genuine": 3,
    "disabled-app": 3,
    "ghost-app": 2,
    "wrong-identifier": 6,
  });
  if (kind === "genuine") return fresh(w.fuzz, ADMIN, "genuine");
  if (kind === "mutated") {
    const admin = w.bases.find((b) => b.name === "admin")!;
    const c = ticketCase(rng, w, undefined, admin);
    const d = decodeUserSig(c.ticket as string);
    const claims =
      d.ok && rng.chance(0.8)
        ? { identifier: d.value.identifier, sdkAppId: d.value.sdkAppId }
        : { identifier: ADMIN, sdkAppId: w.fuzz.sdkAppId };
    return { ticket: c.ticket, ...claims, signed: c.signed, label: `mutated:${c.label}` };
  }
  if (kind === "not-admin") return fresh(w.fuzz, "fuzz_user", kind);
  if (kind === "other-app-key") return { ...fresh(w.other, ADMIN, kind), sdkAppId: w.fuzz.sdkAppId };
  if (kind === "other-app-genuine") return fresh(w.other, ADMIN, kind);
  if (kind === "disabled-app") return fresh(w.disabled, ADMIN, kind);
  if (kind === "ghost-app") return { ...fresh(w.fuzz, ADMIN, kind), sdkAppId: w.ghostSdkAppId };
  return {
    ...fresh(w.fuzz, ADMIN, kind),
    identifier: rng.pick(["Administrator", "administrator ", "fuzz_user", "administrator\u0000", "ädministrator"]),
  };
}

/** Query string for REST and issuance, usually standard, sometimes mangled. */
function adminQuery(rng: Rng, cred: Credential, fuzz: boolean): { query: string; label: string } {
  const params: [string, string][] = [
    ["sdkappid", String(cred.sdkAppId)],
    ["identifier", String(cred.identifier)],
    ["usersig", typeof cred.ticket === "string" ? cred.ticket : String(cred.ticket)],
    ["random", String(rng.int(2 ** 32))],
    ["contenttype", "json"],
  ];
  let label = "";
  let raw: string | undefined;
  if (fuzz && rng.chance(0.25)) {
    const op = rng.weighted({
      repeat: 15,
      missing: 12,
      "odd-sdkappid": 15,
      "odd-identifier": 10,
      "odd-random": 10,
      "odd-contenttype": 8,
      junk: 8,
      "odd-encoding": 10,
      long: 3,
      "no-query": 3,
      "param-case": 6,
    });
    label = `:query:${op}`;
    const i = rng.int(params.length);
    if (op === "repeat")
      params.splice(rng.int(params.length + 1), 0, [
        params[i]![0],
        rng.chance(0.5) ? params[i]![1] : rng.pick(["", "1", ADMIN, "x"]),
      ]);
    else if (op === "missing") params.splice(i, 1);
    else if (op === "odd-sdkappid")
      params[0]![1] = rng.pick([
        "99999999999999999999",
        "4294967296",
        "4294967295",
        "2147483648",
        "9999999999",
        "0",
        "-1",
        "1e9",
        "0x53",
        ` ${cred.sdkAppId}`,
        `${cred.sdkAppId} `,
        `0${cred.sdkAppId}`,
        "１４００００００００",
        "",
        `${cred.sdkAppId}.0`,
      ]);
    else if (op === "odd-identifier")
      params[1]![1] = rng.pick([
        "管理员",
        "\u0000",
        "administrator\u0000",
        "x".repeat(33),
        "",
        "\ud800",
        "😀",
        "admin istrator",
        "ADMINISTRATOR",
      ]);
    else if (op === "odd-random")
      params[3]![1] = rng.pick([
        "",
        "-1",
        "4294967296",
        "4294967295",
        "1.5",
        "abc",
        "00000000001",
        "99999999999",
        "0x10",
        "٣",
      ]);
    else if (op === "odd-contenttype") params[4]![1] = rng.pick(["JSON", "xml", "", "json ", "text/json"]);
    else if (op === "junk")
      params.push([
        rng.pick(["x", "", "__proto__", "usersig[]", "sdkappid[0]", "a".repeat(300)]),
        rng.pick(["", "1", "\u0000"]),
      ]);
    else if (op === "param-case") params[i]![0] = params[i]![0].toUpperCase();
    else if (op === "long") params.push(["pad", "x".repeat(rng.pick([4000, 12_000, 20_000]))]);
    else if (op === "no-query") raw = "";
    else
      raw =
        wireSafe(params.map(([k, v]) => `${k}=${v}`).join("&")) +
        rng.pick([
          "&%ZZ",
          "&%",
          "&%C0%80=%FF",
          "&&&=&",
          "&sdkappid",
          "#frag",
          "&usersig=%E0%A4%A",
          "&identifier=%00",
          ";x=1",
          "&+=+",
        ]);
  }
  return { query: raw ?? new URLSearchParams(params).toString(), label };
}

/** Would the server be right to authenticate this query string as an app admin? Judged here, by the fuzzer's keys. */
function genuineAdmin(query: string, w: HttpWorld, signed: Signed[]): boolean {
  const p = new URLSearchParams(query);
  const ids = p.getAll("sdkappid");
  if (ids.length !== 1 || p.getAll("identifier").length !== 1 || p.get("identifier") !== ADMIN) return false;
  // The disabled app's own key verifies, but a disabled app must not serve; so it is not in this list.
  return [w.fuzz, w.other, w.control].some(
    (app) => Number(ids[0]) === app.sdkAppId && genuineCredential(p.get("usersig"), ADMIN, ids[0], app, signed),
  );
}

// ---------------------------------------------------------------- login

export function loginCase(rng: Rng, w: HttpWorld): HttpCase {
  const kind = rng.weighted({ forged: 45, body: 36, garbage: 15, oversize: 0.3 });
  const request: HttpRequest = {
    method: "POST",
    path: "/api/v1/login",
    headers: { "content-type": "application/json" },
    from: "fuzz",
  };
  let label = `login:${kind}`;
  let signed: Signed[] = [];
  if (kind === "forged") {
    const c = ticketCase(rng, w);
    signed = c.signed;
    const d = decodeUserSig(c.ticket as string);
    const claims =
      d.ok && rng.chance(0.85)
        ? { sdkAppId: d.value.sdkAppId, userId: d.value.identifier }
        : { sdkAppId: c.base.fields.sdkAppId, userId: c.base.fields.identifier };
    const t = jsonText(rng, {
      ...claims,
      userSig: typeof c.ticket === "bigint" ? String(c.ticket) : c.ticket,
      ...(rng.chance(0.3) && { platform: rng.pick(PLATFORMS) }),
    });
    request.body = utf8(t.text);
    label += `:${c.label}${t.label}`;
  } else if (kind === "body") {
    const user = rng.pick(FUZZ_USERS);
    const s = signTicket(w.fuzz, user);
    signed = [s.signed];
    const o: Record<string, unknown> = {
      sdkAppId: rng.chance(0.2) ? String(w.fuzz.sdkAppId) : w.fuzz.sdkAppId,
      userId: user,
      userSig: s.ticket,
    };
    if (rng.chance(0.5)) o.platform = rng.pick([...PLATFORMS, "android", "", "Windows", 1]);
    const ops = mutateObject(rng, o, rng.range(0, 3));
    const t = jsonText(rng, o);
    request.body = utf8(t.text);
    label += `:${ops.join(",") || "none"}${t.label}`;
  } else if (kind === "garbage") {
    const g = garbageBody(rng);
    request.body = g.body;
    label += `:${g.label}`;
  } else {
    const o = oversize(rng);
    Object.assign(request, { body: o.body, chunked: o.chunked });
    label += `:${o.label}`;
  }
  label += oddHttp(rng, request);
  return {
    target: "login",
    control: false,
    label,
    request,
    judge: ({ status, text }) => {
      const body = parseAnswer(text);
      const problem = answerProblems("login", status, body, text);
      if (problem) return problem;
      if (throttled(status, body)) return { outcome: "throttled" };
      if (status === 200 && typeof body?.token === "string") {
        const sent = asObject(serverJson(request.body));
        const ok =
          request.method === "POST" &&
          sent !== undefined &&
          [w.fuzz, w.other, w.control].some((app) =>
            genuineCredential(sent.userSig, sent.userId, sent.sdkAppId, app, signed),
          );
        return ok
          ? { outcome: "success" }
          : {
              outcome: "success",
              problem: "forgery",
              detail: `login succeeded with a credential that is not genuine: ${text.slice(0, 300)}`,
            };
      }
      return { outcome: status < 300 ? "success" : "rejected" };
    },
  };
}

// ---------------------------------------------------------- issuance

function usersigBody(rng: Rng): Record<string, unknown> {
  const o: Record<string, unknown> = {
    userIds: Array.from({ length: rng.chance(0.05) ? rng.range(90, 101) : rng.range(1, 3) }, () =>
      rng.pick(FUZZ_USERS),
    ),
  };
  if (rng.chance(0.4)) o.expire = rng.pick([1, 60, 3600, 86400 * 180, 50 * 365 * 86400]);
  if (rng.chance(0.3))
    o.privateMapKey = {
      room: rng.pick<unknown>([1, 1234, 4294967295, "room-a", "Ω"]),
      privileges: rng.pick<unknown>([255, 42, 1, ["enterRoom"], ["enterRoom", "receiveAudio"]]),
      ...(rng.chance(0.5) && { expire: rng.pick([60, 300]) }),
    };
  return o;
}

export function usersigCase(rng: Rng, w: HttpWorld): HttpCase {
  const cred = adminCredential(rng, w);
  const q = adminQuery(rng, cred, true);
  const request: HttpRequest = {
    method: "POST",
    path: `/api/v1/usersig?${q.query}`,
    headers: { "content-type": "application/json" },
    from: "fuzz",
  };
  let label = `usersig:${cred.label}${q.label}`;
  const kind = rng.weighted({ valid: 45, mutated: 35, garbage: 20, oversize: 0.3 });
  if (kind === "garbage") {
    const g = garbageBody(rng);
    request.body = g.body;
    label += `:${g.label}`;
  } else if (kind === "oversize") {
    const o = oversize(rng);
    Object.assign(request, { body: o.body, chunked: o.chunked });
    label += `:${o.label}`;
  } else {
    const o = usersigBody(rng);
    if (kind === "mutated") {
      const target = rng.chance(0.3) && asObject(o.privateMapKey) ? (o.privateMapKey as Record<string, unknown>) : o;
      label += `:body:${mutateObject(rng, target, rng.range(1, 3)).join(",")}`;
    }
    const t = jsonText(rng, o);
    request.body = utf8(t.text);
    label += t.label;
  }
  label += oddHttp(rng, request);
  return {
    target: "usersig",
    control: false,
    label,
    request,
    judge: ({ status, text }) => {
      const body = parseAnswer(text);
      const problem = answerProblems("usersig", status, body, text);
      if (problem) return problem;
      if (throttled(status, body)) return { outcome: "throttled" };
      if (status === 200 && request.method === "POST") {
        if (!genuineAdmin(q.query, w, cred.signed))
          return {
            outcome: "success",
            problem: "forgery",
            detail: `UserSigs issued to a caller that is not a genuine app admin: ${text.slice(0, 300)}`,
          };
        return checkIssued(body, [w.fuzz, w.other]);
      }
      return { outcome: status < 300 ? "success" : "rejected" };
    },
  };
}

/** Every UserSig an issuance answer carries must verify for its UserID with its app's key. */
function checkIssued(body: Record<string, unknown> | undefined, apps: App[]): HttpJudgement {
  const app = apps.find((a) => a.sdkAppId === body?.sdkAppId);
  const items = body?.userSigs;
  if (!app || !Array.isArray(items) || items.length === 0)
    return {
      outcome: "success",
      problem: "wrong-answer",
      detail: `200 without UserSigs for a known app: ${String(JSON.stringify(body)).slice(0, 300)}`,
    };
  for (const item of items as { userId?: unknown; userSig?: unknown }[]) {
    const r =
      typeof item.userSig === "string" && typeof item.userId === "string"
        ? verifyUserSig({ ticket: item.userSig, sdkAppId: app.sdkAppId, userId: item.userId, keys: [app.key] })
        : null;
    if (!r?.ok)
      return {
        outcome: "success",
        problem: "wrong-answer",
        detail: `issued UserSig does not verify: ${JSON.stringify(item).slice(0, 300)}`,
      };
  }
  return { outcome: "success" };
}

// ---------------------------------------------------------------- REST

function restBody(rng: Rng, command: string): Record<string, unknown> {
  const users = () =>
    Array.from({ length: rng.chance(0.05) ? rng.range(95, 101) : rng.range(1, 4) }, () =>
      rng.pick([...FUZZ_USERS, ADMIN]),
    );
  switch (command) {
    case "im_open_login_svc/account_import":
      return {
        [rng.chance(0.8) ? "UserID" : "Identifier"]: rng.pick(FUZZ_USERS),
        ...(rng.chance(0.5) && { Nick: rng.pick(["n", "Ω", "x".repeat(500)]), FaceUrl: "http://x/y.png" }),
      };
    case "im_open_login_svc/multiaccount_import":
      return rng.chance(0.7)
        ? { AccountList: users().map((UserID) => ({ UserID, Nick: "n" })) }
        : { Accounts: users() };
    case "im_open_login_svc/account_delete":
      return { DeleteItem: users().map((UserID) => ({ UserID })) };
    case "im_open_login_svc/account_check":
      return { CheckItem: users().map((UserID) => ({ UserID })) };
    case "im_open_login_svc/kick":
      return { [rng.chance(0.8) ? "UserID" : "Identifier"]: rng.pick(FUZZ_USERS) };
    default:
      return {
        To_Account: Array.from({ length: rng.chance(0.05) ? rng.range(490, 501) : rng.range(1, 5) }, () =>
          rng.pick([...FUZZ_USERS, ADMIN]),
        ),
        ...(rng.chance(0.3) && { IsNeedDetail: rng.pick([0, 1]) }),
      };
  }
}

const ODD_COMMANDS = [
  "im_open_login_svc/unknown",
  "openim/sendmsg",
  "IM_OPEN_LOGIN_SVC/ACCOUNT_CHECK",
  "im_open_login_svc/account_check/extra",
  "im_open_login_svc%2Faccount_check",
  "%2e%2e/im_open_login_svc",
  "im_open_login_svc/..",
  "x/y",
  "%ZZ/%ZZ",
  "%E2%80%AE/x",
  "%00/%00",
  "im_open_login_svc/account_check%00",
  "\u00e9/\u00ff",
  "a/" + "b".repeat(5000),
  "__proto__/constructor",
  "constructor/prototype",
  "im_open_login_svc",
  "im_open_login_svc/account_check;x",
];

/**
 * Codes the REST handler only answers once the caller is authenticated as an
 * app admin. Not 60007: it is also the answer to a client or identifier
 * throttled for failed authentication attempts, before any verification.
 */
function authPassed(body: Record<string, unknown> | undefined): boolean {
  const code = body?.ErrorCode;
  return (
    code === 0 ||
    code === 60003 ||
    code === 70402 ||
    code === 70107 ||
    (code === 60008 && /larger than/.test(String(body?.ErrorInfo)))
  );
}

export function restCase(rng: Rng, w: HttpWorld): HttpCase {
  const cred = adminCredential(rng, w);
  const command = rng.chance(0.9) ? rng.pick(REST_COMMANDS) : rng.pick(ODD_COMMANDS);
  const q = adminQuery(rng, cred, true);
  const request: HttpRequest = {
    method: "POST",
    path: `/v4/${wireSafe(command)}?${q.query}`,
    headers: { "content-type": "application/json" },
    from: "fuzz",
  };
  let label = `rest:${cred.label}${q.label}`;
  const kind = rng.weighted({ valid: 40, mutated: 35, garbage: 25, oversize: 0.3 });
  if (kind === "garbage") {
    const g = garbageBody(rng);
    request.body = g.body;
    label += `:${g.label}`;
  } else if (kind === "oversize") {
    const o = oversize(rng);
    Object.assign(request, { body: o.body, chunked: o.chunked });
    label += `:${o.label}`;
  } else {
    const o = restBody(rng, command);
    if (kind === "mutated") {
      // Mutate the top level, or one item of the command's list.
      const list = Object.values(o).find(Array.isArray) as unknown[] | undefined;
      const item = list && asObject(list[0]);
      label += `:body:${mutateObject(rng, item && rng.chance(0.4) ? item : o, rng.range(1, 3)).join(",")}`;
    }
    const t = jsonText(rng, o);
    request.body = utf8(t.text);
    label += t.label;
  }
  label += `:${command.slice(0, 40)}${oddHttp(rng, request)}`;
  return {
    target: "rest",
    control: false,
    label,
    request,
    judge: ({ status, text }) => {
      const body = parseAnswer(text);
      const problem = answerProblems("rest", status, body, text);
      if (problem) return problem;
      if (authPassed(body) && !genuineAdmin(q.query, w, cred.signed)) {
        return {
          outcome: "success",
          problem: "forgery",
          detail: `answered past authentication (ErrorCode ${String(body?.ErrorCode)}) for a caller that is not a genuine app admin: ${text.slice(0, 300)}`,
        };
      }
      if (throttled(status, body)) return { outcome: "throttled" };
      return { outcome: body?.ErrorCode === 0 ? "success" : "rejected" };
    },
  };
}

// ------------------------------------------------------------ controls

/** A legitimate call on the control app from the controls' own address: it must succeed. */
export function controlCase(rng: Rng, w: HttpWorld): HttpCase {
  const target = rng.pick<Target>(["login", "login", "rest", "usersig"]);
  const user = `ctl_${rng.int(50)}`;
  const request: HttpRequest = {
    method: "POST",
    path: "",
    headers: { "content-type": "application/json" },
    from: "control",
  };
  const fail = (detail: string): HttpJudgement => ({ outcome: "rejected", problem: "legit-failure", detail });
  if (target === "login") {
    const s = signTicket(w.control, user, 86400);
    request.path = "/api/v1/login";
    request.body = utf8(
      JSON.stringify({ sdkAppId: w.control.sdkAppId, userId: user, userSig: s.ticket, platform: rng.pick(PLATFORMS) }),
    );
    return {
      target,
      control: true,
      label: "control:login",
      request,
      judge: ({ status, text }) => {
        const body = parseAnswer(text);
        return status === 200 && typeof body?.token === "string" && body.userId === user
          ? { outcome: "success" }
          : fail(`legitimate login answered HTTP ${status}: ${text.slice(0, 300)}`);
      },
    };
  }
  const admin = signTicket(w.control, ADMIN);
  const query = new URLSearchParams({
    sdkappid: String(w.control.sdkAppId),
    identifier: ADMIN,
    usersig: admin.ticket,
    random: String(rng.int(2 ** 32)),
    contenttype: "json",
  }).toString();
  if (target === "rest") {
    const check = rng.chance(0.5);
    request.path = `/v4/${check ? "im_open_login_svc/account_check" : "im_open_login_svc/account_import"}?${query}`;
    request.body = utf8(
      JSON.stringify(check ? { CheckItem: [{ UserID: user }, { UserID: ADMIN }] } : { UserID: user, Nick: "control" }),
    );
    return {
      target,
      control: true,
      label: `control:rest:${check ? "account_check" : "account_import"}`,
      request,
      judge: ({ status, text }) => {
        const body = parseAnswer(text);
        const ok =
          status === 200 &&
          body?.ActionStatus === "OK" &&
          body.ErrorCode === 0 &&
          (!check || (Array.isArray(body.ResultItem) && body.ResultItem.length === 2));
        return ok
          ? { outcome: "success" }
          : fail(`legitimate REST call answered HTTP ${status}: ${text.slice(0, 300)}`);
      },
    };
  }
  request.path = `/api/v1/usersig?${query}`;
  request.body = utf8(JSON.stringify({ userIds: [user, `${user}_b`], expire: 3600 }));
  return {
    target,
    control: true,
    label: "control:usersig",
    request,
    judge: ({ status, text }) => {
      if (status !== 200) return fail(`legitimate issuance answered HTTP ${status}: ${text.slice(0, 300)}`);
      const j = checkIssued(parseAnswer(text), [w.control]);
      return j.problem ? fail(j.detail!) : j;
    },
  };
}
