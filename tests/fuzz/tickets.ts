// UserSig mutations and the oracle that judges what the decoder/verifier made
// of them: the in-process cases, and the forged credentials the HTTP cases send.
//
// The oracle does not trust the code under test: signing content, HMAC and a
// reference decoder (node:zlib + JSON.parse) are written again here. A ticket
// counts as forged when the verifier accepts it and the content it decoded
// (the exact text the HMAC covers) was never signed with the key that
// matched. Mutations that only re-spell a ticket (another deflate, padding
// dropped, \u escapes, key order) decode to signed content and may pass.
import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import { constants as zc, deflateRawSync, deflateSync, gzipSync, inflateSync } from "node:zlib";
import { decodeUserSig, genPrivateMapKey, genUserSig, genUserSigWithUserBuf, verifyUserSig } from "@/lib/usersig";
import { type Rng } from "./rng";

export type Fields = { identifier: string; sdkAppId: number; time: number; expire: number; userBuf?: string };

/** SPEC 2.2: the text the HMAC covers. */
export function contentOf(f: Fields): string {
  const c = `TLS.identifier:${f.identifier}\nTLS.sdkappid:${f.sdkAppId}\nTLS.time:${f.time}\nTLS.expire:${f.expire}\n`;
  return f.userBuf === undefined ? c : `${c}TLS.userbuf:${f.userBuf}\n`;
}

export const hmacBase64 = (key: string | Buffer, content: string, algorithm = "sha256") =>
  createHmac(algorithm, key).update(content, "utf8").digest("base64");

export const escapeB64 = (bytes: Uint8Array, padding = true) => {
  const b64 = Buffer.from(bytes).toString("base64").replace(/\+/g, "*").replace(/\//g, "-").replace(/=/g, "_");
  return padding ? b64 : b64.replace(/_+$/, "");
};
export const unescapeB64 = (ticket: string) =>
  Buffer.from(ticket.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "="), "base64");

/** Reference decoder: lenient where the library is strict, so it can check what the library accepted. */
export function referenceDecode(ticket: string): (Fields & { ver: unknown; sig: unknown }) | null {
  try {
    const o = JSON.parse(inflateSync(unescapeB64(ticket)).toString("utf8")) as Record<string, unknown>;
    return {
      ver: o["TLS.ver"],
      identifier: o["TLS.identifier"] as string,
      sdkAppId: o["TLS.sdkappid"] as number,
      time: o["TLS.time"] as number,
      expire: o["TLS.expire"] as number,
      userBuf: o["TLS.userbuf"] as string | undefined,
      sig: o["TLS.sig"],
    };
  } catch {
    return null;
  }
}

/** A genuine ticket signed here (Node layout), with the content its HMAC covers: fresh credentials for HTTP cases. */
export function signTicket(
  app: App,
  userId: string,
  expire = 3600,
  time = Math.floor(Date.now() / 1000),
): { ticket: string; signed: Signed } {
  const fields: Fields = { identifier: userId, sdkAppId: app.sdkAppId, time, expire };
  const content = contentOf(fields);
  const json = `{"TLS.ver":"2.0","TLS.identifier":${JSON.stringify(userId)},"TLS.sdkappid":${app.sdkAppId},"TLS.time":${time},"TLS.expire":${expire},"TLS.sig":${JSON.stringify(hmacBase64(app.key, content))}}`;
  return { ticket: escapeB64(deflateSync(Buffer.from(json, "utf8"))), signed: { key: app.key, content } };
}

// ---------------------------------------------------------------- the world

export type App = { sdkAppId: number; key: string };
/** A genuine ticket the mutations start from; `valid` is false for the deliberately expired one. */
export type Base = { name: string; ticket: string; json: string; fields: Fields; key: string; valid: boolean };

export type World = {
  /** Clock for in-process verification (Unix seconds). */
  now: number;
  fuzz: App;
  other: App;
  /** An SDKAppID with no app behind it. */
  ghostSdkAppId: number;
  bases: Base[];
};

const require = createRequire(import.meta.url);

export function makeWorld(now: number, fuzz: App, other: App, rng: Rng): World {
  const bases: Base[] = [];
  const add = (name: string, ticket: string, key: string, valid = true) => {
    const json = inflateSync(unescapeB64(ticket)).toString("utf8");
    const o = JSON.parse(json) as Record<string, unknown>;
    const fields: Fields = {
      identifier: o["TLS.identifier"] as string,
      sdkAppId: o["TLS.sdkappid"] as number,
      time: o["TLS.time"] as number,
      expire: o["TLS.expire"] as number,
    };
    if (o["TLS.userbuf"] !== undefined) fields.userBuf = o["TLS.userbuf"] as string;
    bases.push({ name, ticket, json, fields, key, valid });
  };
  const common = { sdkAppId: fuzz.sdkAppId, key: fuzz.key, now: now - 60, expire: 86400 };
  add("plain", genUserSig({ ...common, userId: "fuzz_user" }), fuzz.key);
  add("admin", genUserSig({ ...common, userId: "administrator" }), fuzz.key);
  add("32-char id", genUserSig({ ...common, userId: "u_0123456789abcdefghijklmnopqrst" }), fuzz.key);
  add("punctuation id", genUserSig({ ...common, userId: 'a"b\\c/d<e>&' }), fuzz.key);
  add("userbuf", genUserSigWithUserBuf({ ...common, userId: "fuzz_user", userBuf: rng.bytes(48) }), fuzz.key);
  add("pmk number room", genPrivateMapKey({ ...common, userId: "fuzz_user", room: 1234, privileges: 255 }), fuzz.key);
  add(
    "pmk string room",
    genPrivateMapKey({ ...common, userId: "fuzz_user", room: "room-Ω", privileges: 42 }),
    fuzz.key,
  );
  add(
    "other app",
    genUserSig({ sdkAppId: other.sdkAppId, key: other.key, userId: "fuzz_user", now: now - 60, expire: 86400 }),
    other.key,
  );
  add("expired", genUserSig({ ...common, userId: "fuzz_user", now: now - 10 * 86400 }), fuzz.key, false);
  // Tencent's own library (it reads the clock itself; `now` is the real time at start).
  const { Api } = require("tls-sig-api-v2") as {
    Api: new (id: number, key: string) => { genSig(u: string, e: number, b: Buffer | null): string };
  };
  add("official", new Api(fuzz.sdkAppId, fuzz.key).genSig("fuzz_user", 86400, null), fuzz.key);
  add("official userbuf", new Api(fuzz.sdkAppId, fuzz.key).genSig("fuzz_user", 86400, rng.bytes(20)), fuzz.key);
  return { now, fuzz, other, ghostSdkAppId: 1_399_999_999, bases };
}

// ------------------------------------------------------------ case shapes

/** A content some key signed in this case: acceptance is legitimate only for one of these. */
export type Signed = { key: string; content: string };

export type TicketCase = {
  /** strategy/operation names, for the report and for reproducing */
  label: string;
  family: Family;
  ticket: unknown;
  base: Base;
  signed: Signed[];
  /** accept: a control (a re-spelled genuine ticket); reject: must not pass even if its content was signed; any: oracle decides. */
  expect: "accept" | "reject" | "any";
  /** Verify against the ticket's own claims (the attacker sends matching UserID/SDKAppID) or the base's. */
  claimFrom: "ticket" | "base";
};

export const FAMILIES = ["text", "bytes", "json", "resign", "random", "stacked", "control"] as const;
export type Family = (typeof FAMILIES)[number];

const FAMILY_WEIGHTS: Record<Family, number> = {
  text: 20,
  bytes: 20,
  json: 24,
  resign: 14,
  random: 8,
  stacked: 8,
  control: 6,
};

const ESCAPED_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_";
const ODD_CHARS = [
  "+",
  "/",
  "=",
  " ",
  "\n",
  "\t",
  "\0",
  "%",
  ".",
  "~",
  "é",
  "\u00ff",
  "\u0100",
  "\ud800",
  "\udc00",
  "😀",
  "\ufeff",
  "\u2028",
  "Ａ",
  "\u0661",
];

let megabyte: string | undefined;
/** A 1 MB JSON string literal; built once. */
const hugeString = () => (megabyte ??= JSON.stringify("A".repeat(1 << 20)));

/** Raw JSON values of the wrong type, out of range or odd, for any field. */
function weirdValue(rng: Rng): string {
  if (rng.chance(0.004)) return hugeString();
  return rng.pick([
    '""',
    '" "',
    '"\\u0000"',
    '"a\\u0000b"',
    '"\\ud800"',
    '"\\udfff\\ud800"',
    '"\ud83d"',
    '"😀"',
    '"é"',
    '"\\u00e9"',
    '"\\ufffd"',
    '"a\\nb"',
    '"\\"',
    '"1400000000"',
    '"NaN"',
    '"Infinity"',
    '"-1"',
    '"0x10"',
    '"2.0"',
    '"١٢٣"',
    JSON.stringify("x".repeat(rng.range(33, 5000))),
    "0",
    "-0",
    "-1",
    "1.0",
    "1.5",
    "1e3",
    "1E3",
    "1e400",
    "-1e400",
    "9007199254740991",
    "9007199254740993",
    "18446744073709551616",
    "4294967295",
    "4294967296",
    "2147483648",
    "00",
    "01",
    "+1",
    ".5",
    "0x10",
    "NaN",
    "Infinity",
    "-Infinity",
    "9".repeat(rng.range(20, 600)),
    "true",
    "false",
    "null",
    "[]",
    "{}",
    "[1]",
    '{"a":1}',
    '"""',
    "",
    "undefined",
    "'x'",
  ]);
}

// ----------------------------------------------------------- generation

export function ticketCase(
  rng: Rng,
  world: World,
  family = rng.weighted(FAMILY_WEIGHTS),
  base = rng.pick(family === "control" ? world.bases.filter((b) => b.valid) : world.bases),
): TicketCase {
  const c: TicketCase = {
    label: family,
    family,
    ticket: base.ticket,
    base,
    signed: [{ key: base.key, content: contentOf(base.fields) }],
    expect: "any",
    claimFrom: rng.chance(0.85) ? "ticket" : "base",
  };
  switch (family) {
    case "text":
      mutateText(rng, c, rng.range(1, 3));
      break;
    case "bytes":
      mutateBytes(rng, c, rng.range(1, 3));
      break;
    case "json":
      mutateJson(rng, c, base.json, rng.range(1, 3));
      break;
    case "resign":
      resign(rng, c, world);
      if (rng.chance(0.2)) {
        const json = inflateOrNull(c.ticket as string);
        // Re-serializing can normalize a wrong spelling (1.0 becomes 1), so the verdict is the oracle's again.
        if (json !== null) {
          mutateJson(rng, c, json, 1);
          c.expect = "any";
        }
      }
      break;
    case "random":
      randomTicket(rng, c);
      break;
    case "stacked":
      mutateJson(rng, c, base.json, rng.range(1, 2));
      mutateBytes(rng, c, 1);
      mutateText(rng, c, 1);
      break;
    case "control":
      respell(rng, c);
      break;
  }
  return c;
}

function inflateOrNull(ticket: string): string | null {
  try {
    return inflateSync(unescapeB64(ticket)).toString("utf8");
  } catch {
    return null;
  }
}

/** Edits to the escaped-base64 text itself. */
function mutateText(rng: Rng, c: TicketCase, times: number): void {
  let t = typeof c.ticket === "string" ? c.ticket : "";
  for (let n = 0; n < times; n++) {
    const i = rng.int(t.length + 1);
    const ch = rng.chance(0.7) ? ESCAPED_ALPHABET[rng.int(ESCAPED_ALPHABET.length)]! : rng.pick(ODD_CHARS);
    const op = rng.pick([
      "set",
      "set",
      "insert",
      "delete",
      "delete-run",
      "truncate",
      "chop-end",
      "pad",
      "swap",
      "dup-slice",
      "standard-alphabet",
      "url-encode",
      "wrap",
      "case",
      "twice",
    ] as const);
    c.label += `:${op}`;
    if (op === "set") t = t.slice(0, i) + ch + t.slice(i + 1);
    else if (op === "insert") t = t.slice(0, i) + ch + t.slice(i);
    else if (op === "delete") t = t.slice(0, i) + t.slice(i + 1);
    else if (op === "delete-run") t = t.slice(0, i) + t.slice(i + rng.range(2, 12));
    else if (op === "truncate") t = t.slice(0, i);
    else if (op === "chop-end") t = t.slice(0, Math.max(0, t.length - rng.range(1, 6)));
    else if (op === "pad")
      t = rng.chance(0.5)
        ? t.replace(/_+$/, "") + rng.pick(["_", "__", "___", "=", "==", "_=", "____"])
        : t.replace(/_+$/, "");
    else if (op === "swap" && t.length > 1) {
      const j = rng.int(t.length);
      const a = t.split("");
      [a[i % a.length], a[j]] = [a[j]!, a[i % a.length]!];
      t = a.join("");
    } else if (op === "dup-slice") t = t.slice(0, i) + t.slice(i, i + rng.range(1, 40)) + t.slice(i);
    else if (op === "standard-alphabet") t = t.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "=");
    else if (op === "url-encode") t = encodeURIComponent(t.replace(/\*/g, "+").replace(/\p{Cs}/gu, "\ufffd"));
    else if (op === "wrap")
      t = rng.pick([" ", "\n", '"', "\r\n", "\0", "\ufeff"]) + t + rng.pick(["", " ", "\n", '"', "\0"]);
    else if (op === "case")
      t =
        t.slice(0, i) +
        (t[i] ?? "").replace(/[a-z]/, (x) => x.toUpperCase()).replace(/^[A-Z]$/, (x) => x.toLowerCase()) +
        t.slice(i + 1);
    else if (op === "twice") t = t + t;
  }
  c.ticket = t;
}

/** Edits to the zlib stream, re-encoded so that they reach the inflater. */
function mutateBytes(rng: Rng, c: TicketCase, times: number): void {
  let b = typeof c.ticket === "string" ? unescapeB64(c.ticket) : Buffer.alloc(0);
  for (let n = 0; n < times; n++) {
    const i = rng.int(Math.max(1, b.length));
    const op = rng.pick([
      "flip",
      "flip",
      "flip",
      "set",
      "insert",
      "delete",
      "truncate",
      "header",
      "adler",
      "append",
      "btype",
      "tail-bits",
    ] as const);
    c.label += `:${op}`;
    if (b.length === 0) b = Buffer.from([0x78]);
    if (op === "flip") b[i] = b[i]! ^ (1 << rng.int(8));
    else if (op === "set") b[i] = rng.int(256);
    else if (op === "insert") b = Buffer.concat([b.subarray(0, i), rng.bytes(rng.range(1, 4)), b.subarray(i)]);
    else if (op === "delete") b = Buffer.concat([b.subarray(0, i), b.subarray(i + rng.range(1, 4))]);
    else if (op === "truncate") b = b.subarray(0, i);
    else if (op === "header") {
      // CMF/FLG: another method or window, a preset dictionary, or a wrong check value.
      const cmf = rng.pick([0x78, 0x68, 0x58, 0x88, 0x79, 0x08, 0x7f]);
      let flg = rng.pick([0x9c, 0x01, 0xda, 0x5e, 0xbb, 0x20]) | (rng.chance(0.2) ? 0x20 : 0);
      if (rng.chance(0.6)) flg = (flg & 0xe0) | (31 - (((cmf << 8) | (flg & 0xe0)) % 31));
      b = Buffer.from(b);
      b[0] = cmf;
      if (b.length > 1) b[1] = flg & 0xff;
    } else if (op === "adler" && b.length >= 4) {
      b = Buffer.from(b);
      const at = b.length - 1 - rng.int(4);
      b[at] = b[at]! ^ (1 << rng.int(8));
    } else if (op === "append") b = Buffer.concat([b, rng.bytes(rng.range(1, 16))]);
    else if (op === "btype" && b.length > 2) {
      b = Buffer.from(b);
      b[2] = (b[2]! & ~0x06) | (rng.int(4) << 1);
    } else if (op === "tail-bits" && b.length > 5) {
      // The last deflate byte's unused high bits: usually a harmless re-spelling.
      b = Buffer.from(b);
      b[b.length - 5] = b[b.length - 5]! ^ 0x80;
    }
  }
  c.ticket = escapeB64(b, rng.chance(0.7));
}

type Entry = { k: string; v: string };

function entriesOf(json: string): Entry[] {
  try {
    return Object.entries(JSON.parse(json) as Record<string, unknown>).map(([k, v]) => ({
      k: JSON.stringify(k),
      v: JSON.stringify(v),
    }));
  } catch {
    return [{ k: '"TLS.ver"', v: '"2.0"' }];
  }
}

const FIELD_KEYS = [
  '"TLS.ver"',
  '"TLS.identifier"',
  '"TLS.sdkappid"',
  '"TLS.time"',
  '"TLS.expire"',
  '"TLS.userbuf"',
  '"TLS.sig"',
];

/** A small change to a field that keeps its type: the classic tampering. */
function tweak(rng: Rng, key: string, v: string): string {
  const s = (() => {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  })();
  if (typeof s === "number")
    return String(rng.pick([s + 1, s - 1, s * 2, s + 86400 * 365, 0, 4294967295, 1_400_000_001]));
  if (typeof s !== "string") return v;
  if (key === '"TLS.sig"' || key === '"TLS.userbuf"') {
    const i = rng.int(Math.max(1, s.length - 2));
    return JSON.stringify(
      rng.pick([
        s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1),
        s.replace(/=+$/, ""),
        s.replace(/\+/g, "-").replace(/\//g, "_"),
        s.slice(0, -4),
        `${s}AAAA`,
        s.toLowerCase(),
        Buffer.alloc(32).toString("base64"),
      ]),
    );
  }
  return JSON.stringify(
    rng.pick([
      `${s}x`,
      s.toUpperCase(),
      "administrator",
      s.slice(0, -1),
      ` ${s}`,
      `${s}\u0000`,
      `${s}\n`,
      "fuzz_other",
    ]),
  );
}

/** Field-level edits inside the JSON, keeping the old signature; re-deflated. */
function mutateJson(rng: Rng, c: TicketCase, json: string, times: number): void {
  let entries = entriesOf(json);
  let broken = false;
  let sep = [":", ","];
  for (let n = 0; n < times; n++) {
    if (entries.length === 0) entries.push({ k: '"TLS.ver"', v: '"2.0"' });
    const at = rng.int(entries.length);
    const e = entries[at]!;
    const op = rng.weighted({
      tweak: 30,
      weird: 25,
      dup: 8,
      remove: 6,
      add: 6,
      reorder: 4,
      space: 3,
      escape: 4,
      key: 4,
      structure: 6,
      encoding: 4,
    });
    c.label += `:${op}`;
    if (op === "tweak") e.v = tweak(rng, e.k, e.v);
    else if (op === "weird") e.v = weirdValue(rng);
    else if (op === "dup")
      entries.splice(rng.chance(0.5) ? 0 : entries.length, 0, {
        k: e.k,
        v: rng.chance(0.5) ? e.v : tweak(rng, e.k, e.v),
      });
    else if (op === "remove") entries.splice(at, 1);
    else if (op === "add")
      entries.splice(rng.int(entries.length + 1), 0, {
        k: rng.pick([
          '"TLS.extra"',
          '"__proto__"',
          '"constructor"',
          '"TLS.Sig"',
          '"TLS.sig "',
          '""',
          '"TLS.ver\\u0000"',
          ...FIELD_KEYS,
        ]),
        v: rng.chance(0.5) ? weirdValue(rng) : '"x"',
      });
    else if (op === "reorder") entries = entries.sort(() => rng.float() - 0.5);
    else if (op === "space")
      sep = [rng.pick([":", " : ", ":\t", ":\r\n", ":\u00a0", ":\v"]), rng.pick([",", " , ", ",\n", ",\f"])];
    // \u escapes re-spell a string (benign); an escaped key must mean the same key.
    else if (op === "escape")
      e.v = e.v.replace(/[A-Za-z]/, (x) => `\\u${x.charCodeAt(0).toString(16).padStart(4, "0")}`).replace(/\//g, "\\/");
    else if (op === "key")
      e.k = rng.pick([
        e.k.replace("TLS.", "TLS\\u002e"),
        e.k.toUpperCase(),
        e.k.replace('"', "'"),
        e.k.replace(/"$/, ' "'),
        e.k.slice(1, -1),
      ]);
    else if (op === "structure") broken = true;
    else if (op === "encoding") {
      c.ticket = deflateVariant(rng, encodingMutation(rng, serialize(entries, sep)));
      return;
    }
  }
  const text = serialize(entries, sep);
  c.ticket = deflateVariant(rng, Buffer.from(broken ? structural(rng, text) : text, "utf8"));
}

const serialize = (entries: Entry[], [colon, comma]: string[]) =>
  `{${entries.map((e) => `${e.k}${colon}${e.v}`).join(comma)}}`;

function structural(rng: Rng, json: string): string {
  const cut = rng.int(json.length);
  return rng.pick([
    json.replace(/}$/, ",}"),
    json.slice(0, -1),
    `[${json}]`,
    json + json,
    `${json}x`,
    `${json}\n`,
    ` \n${json}\t`,
    `\ufeff${json}`,
    `${json}\0`,
    json.slice(0, cut),
    json.slice(0, cut) + json.slice(cut + 1),
    `{"a":${json}}`,
    json.replace(/^{/, '{"TLS.nested":{"x":1},'),
    json.replace(/:/, "::"),
    json.replace(/"/g, "'"),
    "{}",
    "",
    "null",
    `/*c*/${json}`,
    "[".repeat(5000) + "]".repeat(5000),
  ]);
}

/** Byte-level text corruption: invalid UTF-8, CESU-8 surrogates, overlong forms, UTF-16. */
function encodingMutation(rng: Rng, json: string): Buffer {
  const b = Buffer.from(json, "utf8");
  const i = rng.range(1, Math.max(1, b.length - 1));
  const insert = (bytes: number[]) => Buffer.concat([b.subarray(0, i), Buffer.from(bytes), b.subarray(i)]);
  return rng.pick([
    () => insert([0xff]),
    () => insert([0xc0, 0xa2]), // overlong '"'
    () => insert([0xed, 0xa0, 0x80]), // CESU-8 lone surrogate
    () => insert([0xe2, 0x82]), // truncated sequence
    () => insert([0x00]),
    () => insert([0xf4, 0x90, 0x80, 0x80]), // above U+10FFFF
    () => Buffer.from(json, "utf16le"),
    () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]),
  ])();
}

/** Deflates with a random zlib configuration; now and then a wrong container (raw deflate, gzip). */
function deflateVariant(rng: Rng, bytes: Buffer): string {
  const options = {
    level: rng.range(0, 9),
    strategy: rng.pick([
      zc.Z_DEFAULT_STRATEGY,
      zc.Z_DEFAULT_STRATEGY,
      zc.Z_FIXED,
      zc.Z_HUFFMAN_ONLY,
      zc.Z_RLE,
      zc.Z_FILTERED,
    ]),
    memLevel: rng.pick([8, 8, 1, 9]),
  };
  const container = rng.weighted({ zlib: 94, raw: 3, gzip: 3 });
  const out =
    container === "zlib"
      ? deflateSync(bytes, options)
      : container === "raw"
        ? deflateRawSync(bytes, options)
        : gzipSync(bytes, options);
  return escapeB64(out, rng.chance(0.75));
}

/** Tickets built and signed here: wrong keys, other claims, modified fields, signatures over other text. */
function resign(rng: Rng, c: TicketCase, world: World): void {
  const f: Fields = { ...c.base.fields };
  const op = rng.weighted({
    "wrong-key": 25,
    "other-claims": 15,
    "modified-fields": 30,
    "sig-over-other-text": 20,
    confusable: 10,
  });
  c.label += `:${op}`;
  const right = c.base.key;
  let sigKey: string | Buffer = right;
  let sigText: string | undefined;
  let algorithm = "sha256";
  let rawFields: Record<string, string> = {};
  if (op === "wrong-key") {
    const k = rng.pick([
      "other",
      "random",
      "upper",
      "newline",
      "short",
      "long",
      "hex-decoded",
      "empty",
      "one-char",
      "sdkappid",
    ] as const);
    c.label += `:${k}`;
    sigKey = {
      other: world.other.key === right ? world.fuzz.key : world.other.key,
      random: rng.bytes(32).toString("hex"),
      upper: right.toUpperCase(),
      newline: `${right}\n`,
      short: right.slice(0, 63),
      long: `${right}0`,
      "hex-decoded": Buffer.from(right, "hex"),
      empty: "",
      "one-char": right.slice(0, 10) + (right[10] === "a" ? "b" : "a") + right.slice(11),
      sdkappid: String(f.sdkAppId),
    }[k];
    if (rng.chance(0.5)) f.identifier = rng.pick(["administrator", "fuzz_other", f.identifier]);
  } else if (op === "other-claims") {
    // Genuinely signed by the right key, for another user or app: the claims decide.
    if (rng.chance(0.5)) f.identifier = rng.pick(["fuzz_other", "administrator", `${f.identifier}_`]);
    else f.sdkAppId = rng.pick([world.other.sdkAppId, world.fuzz.sdkAppId, world.ghostSdkAppId, f.sdkAppId + 1]);
  } else if (op === "modified-fields") {
    const which = rng.pick(["identifier", "time", "expire", "sdkAppId", "userBuf", "types"] as const);
    c.label += `:${which}`;
    if (which === "identifier") {
      f.identifier = rng.pick([
        "",
        "a",
        "x".repeat(33),
        "x".repeat(3000),
        "é",
        "😀",
        "a\u0000b",
        "\ufffd",
        "\ud800",
        "a\nTLS.sdkappid:1\nTLS.time:1\nTLS.expire:1",
        "administrator\n",
        " administrator",
        "ADMINISTRATOR",
      ]);
      if (f.identifier === "") c.expect = "reject";
    } else if (which === "time")
      f.time = rng.pick([0, 1, world.now + 86400 * 3650, 4294967295, Number.MAX_SAFE_INTEGER, world.now - 86400 * 365]);
    else if (which === "expire") f.expire = rng.pick([0, 1, 4294967295, Number.MAX_SAFE_INTEGER, 86400 * 365 * 100]);
    else if (which === "sdkAppId") {
      f.sdkAppId = rng.pick([0, 1, 4294967295, 4294967296, 2 ** 53 - 1]);
      if (f.sdkAppId > 0xffffffff) c.expect = "reject";
    } else if (which === "userBuf") {
      f.userBuf = rng.pick([
        "",
        "AAAA",
        "AA==",
        rng.bytes(rng.range(1, 1024)).toString("base64"),
        "not base64!",
        "QQ",
        "QR==",
        "A===",
        "AAAA\n",
      ]);
      if (/[^A-Za-z0-9+/=]|^.{1,3}$|^[^=]*={3}|QR==|^QQ$/.test(f.userBuf)) c.expect = "reject";
    } else {
      // Signed with the right key, but of the wrong JSON type or spelling: a strict decoder refuses them.
      const field = rng.pick(["TLS.time", "TLS.expire", "TLS.sdkappid", "TLS.identifier", "TLS.ver"] as const);
      const n = { "TLS.time": f.time, "TLS.expire": f.expire, "TLS.sdkappid": f.sdkAppId }[field as string];
      rawFields = {
        [field]:
          n !== undefined
            ? rng.pick([`"${n}"`, `${n}.0`, `${n}e0`, `${n}E+0`, `[${n}]`, `{"v":${n}}`, `${n} 1`, `-${n}`, `0${n}`])
            : field === "TLS.ver"
              ? rng.pick(["2", '"2"', '"2.00"', '"3.0"', "2.0", '"2.0 "', "null"])
              : rng.pick([
                  "7",
                  `[${JSON.stringify(f.identifier)}]`,
                  "null",
                  "true",
                  `{"id":${JSON.stringify(f.identifier)}}`,
                ]),
      };
      c.expect = "reject";
      c.label += `:${field}`;
    }
  } else if (op === "sig-over-other-text") {
    const variant = rng.pick([
      "no-final-newline",
      "crlf",
      "userbuf-dropped",
      "userbuf-added",
      "json-order",
      "sha1",
      "sha512",
      "hex-key",
      "sig-of-sig",
      "swap-lines",
    ] as const);
    c.label += `:${variant}`;
    const content = contentOf(f);
    if (variant === "no-final-newline") sigText = content.slice(0, -1);
    else if (variant === "crlf") sigText = content.replace(/\n/g, "\r\n");
    else if (variant === "userbuf-dropped") {
      // Signed without the userbuf line, sent with one (or the reverse).
      sigText = contentOf({ ...f, userBuf: undefined });
      f.userBuf ??= "AAAA";
    } else if (variant === "userbuf-added") {
      sigText = contentOf({ ...f, userBuf: f.userBuf ?? "AAAA" });
      f.userBuf = undefined;
    } else if (variant === "json-order") sigText = `TLS.ver:2.0\n${content}`;
    else if (variant === "sha1") algorithm = "sha1";
    else if (variant === "sha512") algorithm = "sha512";
    else if (variant === "hex-key") sigKey = Buffer.from(right, "hex");
    else if (variant === "sig-of-sig")
      sigText = contentOf(f).replace(/\n$/, `\nTLS.sig:${hmacBase64(right, content)}\n`);
    else sigText = content.split("\n").slice(0, 4).reverse().join("\n") + "\n";
    c.expect = "reject";
  } else {
    // confusable: the key holder signs one identifier, the JSON carries another
    // whose UTF-8 (lone surrogates become U+FFFD) is the same.
    const signedId = rng.pick(["x\ufffd", "\ufffd\ufffd", "fuzz_user\ufffd"]);
    sigText = contentOf({ ...f, identifier: signedId });
    f.identifier = signedId.replace(/\ufffd/g, () => rng.pick(["\ud800", "\udfff", "\udbff"]));
  }
  const text = sigText ?? contentOf(f);
  const sig =
    algorithm === "sha256"
      ? hmacBase64(sigKey, text)
      : createHmac(algorithm, sigKey).update(text, "utf8").digest("base64");
  // Only the world's keys can make the verifier accept; record what they signed.
  if (typeof sigKey === "string" && algorithm === "sha256") c.signed.push({ key: sigKey, content: text });
  const doc: Record<string, string> = {
    "TLS.ver": '"2.0"',
    "TLS.identifier": JSON.stringify(f.identifier),
    "TLS.sdkappid": String(f.sdkAppId),
    "TLS.time": String(f.time),
    "TLS.expire": String(f.expire),
  };
  if (f.userBuf !== undefined) doc["TLS.userbuf"] = JSON.stringify(f.userBuf);
  doc["TLS.sig"] = JSON.stringify(sig);
  Object.assign(doc, rawFields);
  const json = `{${Object.entries(doc)
    .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
    .join(",")}}`;
  c.ticket = deflateVariant(rng, Buffer.from(json, "utf8"));
}

/** Garbage that is not derived from a ticket, and values that are not strings at all. */
function randomTicket(rng: Rng, c: TicketCase): void {
  const op = rng.weighted({
    alphabet: 25,
    unicode: 10,
    "zlib-garbage": 20,
    "flat-json": 20,
    bomb: 3,
    sizes: 7,
    "not-a-string": 5,
    empty: 5,
    "deep-json": 5,
  });
  c.label += `:${op}`;
  if (op === "alphabet")
    c.ticket = Array.from({ length: rng.int(400) }, () => ESCAPED_ALPHABET[rng.int(ESCAPED_ALPHABET.length)]).join("");
  else if (op === "unicode")
    c.ticket = Array.from({ length: rng.int(60) }, () =>
      rng.chance(0.5) ? rng.pick(ODD_CHARS) : String.fromCharCode(rng.int(0x10000)),
    ).join("");
  else if (op === "zlib-garbage") c.ticket = deflateVariant(rng, rng.bytes(rng.int(400)));
  else if (op === "flat-json") {
    const keys = FIELD_KEYS.filter(() => rng.chance(0.8));
    c.ticket = deflateVariant(rng, Buffer.from(`{${keys.map((k) => `${k}:${weirdValue(rng)}`).join(",")}}`, "utf8"));
  } else if (op === "bomb") {
    // Inflates far past the 4 KB cap from a ticket well under the length cap.
    c.ticket = escapeB64(
      deflateSync(Buffer.alloc(rng.pick([5000, 100_000, 4_000_000]), rng.pick([0, 0x7b, 0x41])), { level: 9 }),
    );
  } else if (op === "sizes") c.ticket = "A".repeat(rng.pick([4095, 4096, 4097, 16 * 1024, 1 << 20]));
  else if (op === "not-a-string")
    c.ticket = rng.pick<unknown>([
      undefined,
      null,
      0,
      1400000000,
      true,
      {},
      [],
      [c.base.ticket],
      { toString: () => c.base.ticket },
      new String(c.base.ticket),
      10n,
    ]);
  else if (op === "empty") c.ticket = rng.pick(["", " ", "_", "__", "\n", "\0"]);
  else c.ticket = deflateVariant(rng, Buffer.from("[".repeat(rng.range(100, 3000)), "utf8"));
}

/** Controls: the same genuine content spelled another way; all of these must verify. */
function respell(rng: Rng, c: TicketCase): void {
  if (!c.base.valid) return; // an expired base: left as it is, judged by the oracle
  const entries = entriesOf(c.base.json);
  const sig = entries.find((e) => e.k === '"TLS.sig"')!;
  const rest = entries.filter((e) => e !== sig).sort(() => rng.float() - 0.5);
  if (rng.chance(0.5)) rest.push(sig);
  else rest.splice(rng.int(rest.length + 1), 0, sig);
  for (const e of rest) {
    // \u00XX escapes and \/ are legal JSON spellings of the same string.
    if (rng.chance(0.3) && e.v.startsWith('"') && !e.v.includes("\\"))
      e.v = e.v
        .replace(/[A-Za-z0-9]/g, (x) => (rng.chance(0.3) ? `\\u${x.charCodeAt(0).toString(16).padStart(4, "0")}` : x))
        .replace(/\//g, rng.chance(0.5) ? "\\/" : "/");
  }
  const sep = rng.chance(0.5) ? [":", ","] : [rng.pick([": ", " : ", ":\n"]), rng.pick([", ", ",\n", " ,"])];
  const json = serialize(rest, sep) + (rng.chance(0.2) ? "\n" : "");
  const level = rng.range(0, 9);
  c.ticket = escapeB64(
    deflateSync(Buffer.from(json, "utf8"), {
      level,
      strategy: rng.pick([zc.Z_DEFAULT_STRATEGY, zc.Z_FIXED, zc.Z_HUFFMAN_ONLY, zc.Z_RLE]),
    }),
    rng.chance(0.5),
  );
  c.label += `:level${level}`;
  c.expect = "accept";
  c.claimFrom = "base";
}

// ---------------------------------------------------------------- oracle

export const KNOWN_CODES = new Set([70001, 70002, 70003, 70005, 70009, 70013, 70014, 70016]);

export type Problem = "crash" | "forgery" | "wrong-verdict" | "decode-mismatch" | "legit-failure";
export type Judgement = { outcome: "accepted" | "rejected"; code?: number; problem?: Problem; detail?: string };

/** The keys an app would verify with; unknown apps have none (70016) or a random one. */
export function keysFor(world: World, sdkAppId: number, rng: Rng): string[] {
  if (sdkAppId === world.fuzz.sdkAppId)
    return rng.chance(0.3) ? [rng.bytes(32).toString("hex"), world.fuzz.key] : [world.fuzz.key];
  if (sdkAppId === world.other.sdkAppId) return [world.other.key];
  return rng.chance(0.5) ? [] : [rng.bytes(32).toString("hex")];
}

const isSigned = (signed: Signed[], key: string, content: string) =>
  signed.some((s) => s.key === key && s.content === content);

/** Runs decodeUserSig and verifyUserSig on one case and judges the outcome. */
export function judgeTicket(c: TicketCase, world: World, rng: Rng): Judgement {
  let decoded: ReturnType<typeof decodeUserSig>;
  let verified: ReturnType<typeof verifyUserSig>;
  let claims = { sdkAppId: c.base.fields.sdkAppId, userId: c.base.fields.identifier };
  let keys: string[] = [];
  try {
    decoded = decodeUserSig(c.ticket as string);
    if (decoded.ok && c.claimFrom === "ticket")
      claims = { sdkAppId: decoded.value.sdkAppId, userId: decoded.value.identifier };
    keys = keysFor(world, claims.sdkAppId, rng);
    verified = verifyUserSig({
      ticket: c.ticket as string,
      sdkAppId: claims.sdkAppId,
      userId: claims.userId,
      keys,
      now: world.now,
    });
  } catch (error) {
    return {
      outcome: "rejected",
      problem: "crash",
      detail: `threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    };
  }
  for (const r of [decoded, verified]) {
    if (!r.ok && (!KNOWN_CODES.has(r.code) || !r.reason || !r.fix))
      return { outcome: "rejected", problem: "wrong-verdict", detail: `unknown rejection ${JSON.stringify(r)}` };
  }
  let mismatch: Judgement | undefined;
  if (decoded.ok) {
    // The lenient reference must read the same fields from anything the strict decoder accepted.
    const ref = referenceDecode(c.ticket as string);
    const v = decoded.value;
    if (
      !ref ||
      ref.identifier !== v.identifier ||
      ref.sdkAppId !== v.sdkAppId ||
      ref.time !== v.time ||
      ref.expire !== v.expire ||
      ref.userBuf !== v.userBuf ||
      ref.sig !== v.sig ||
      ref.ver !== v.version
    ) {
      mismatch = {
        outcome: verified.ok ? "accepted" : "rejected",
        problem: "decode-mismatch",
        detail: `library decoded ${JSON.stringify(v)}, node:zlib+JSON.parse read ${ref ? JSON.stringify(ref) : "nothing (refused)"}`,
      };
    }
  } else if (!verified.ok && keys.length > 0 && verified.code !== decoded.code) {
    return {
      outcome: "rejected",
      code: verified.code,
      problem: "wrong-verdict",
      detail: `decode said ${decoded.code}, verify said ${verified.code}`,
    };
  }
  if (verified.ok) {
    const key = keys[verified.keyIndex]!;
    const content = contentOf(verified.value);
    if (
      !isSigned(c.signed, key, content) ||
      verified.value.identifier !== claims.userId ||
      verified.value.sdkAppId !== claims.sdkAppId
    ) {
      return {
        outcome: "accepted",
        problem: "forgery",
        detail: `accepted content ${JSON.stringify(content)} that key #${verified.keyIndex} never signed (signed here: ${JSON.stringify(c.signed.map((s) => s.content))})`,
      };
    }
    if (mismatch) return mismatch;
    if (c.expect === "reject")
      return {
        outcome: "accepted",
        problem: "wrong-verdict",
        detail: `accepted a ticket a strict decoder must refuse: ${JSON.stringify(verified.value)}`,
      };
    return { outcome: "accepted" };
  }
  if (mismatch) return mismatch;
  if (verified.code === 70001 && decoded.ok && !keys.some((k) => isSigned(c.signed, k, contentOf(decoded.value)))) {
    // Only a matching signature gets as far as the expiry check: this is a forgery that happens to be expired.
    return {
      outcome: "rejected",
      code: 70001,
      problem: "forgery",
      detail: `signature accepted for content no key signed (${JSON.stringify(contentOf(decoded.value))}); answered 'expired' (70001) only because the forged ticket is expired`,
    };
  }
  if (c.expect === "accept")
    return {
      outcome: "rejected",
      code: verified.code,
      problem: "legit-failure",
      detail: `a re-spelled genuine ticket was refused: ${verified.code} ${verified.reason}`,
    };
  return { outcome: "rejected", code: verified.code };
}

/**
 * For HTTP cases: may a request carrying this credential succeed? Only when
 * the ticket verifies for these claims with the app's key, at the real clock,
 * and its content is one that key signed.
 */
export function genuineCredential(
  ticket: unknown,
  userId: unknown,
  sdkAppId: unknown,
  app: App,
  signed: Signed[],
): boolean {
  if (typeof ticket !== "string" || typeof userId !== "string" || Number(sdkAppId) !== app.sdkAppId) return false;
  try {
    const r = verifyUserSig({ ticket, sdkAppId: app.sdkAppId, userId, keys: [app.key] });
    return r.ok && isSigned(signed, app.key, contentOf(r.value));
  } catch {
    return false;
  }
}
