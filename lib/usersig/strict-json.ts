/*
 * Parser for the one JSON shape a UserSig holds: a flat object whose values
 * are strings or numbers. JSON.parse would hide duplicate keys (last one
 * wins, so a tampered ticket could show one value and sign another) and turn
 * "__proto__" into a prototype change; this parser reports both, keeps
 * numbers as their source text so the caller can insist on plain integers,
 * and accepts every layout the official SDKs write (any key order,
 * whitespace, \uXXXX and \/ escapes, a trailing newline).
 */

import { hasLoneSurrogate } from "./unicode";

export type JsonScalar = { kind: "string"; value: string } | { kind: "number"; text: string };

/** `structure` means valid JSON of the wrong shape (SPEC 70005); `syntax` means not JSON (70003). */
export type FlatObjectResult =
  { ok: true; fields: Map<string, JsonScalar> } | { ok: false; problem: "syntax" | "structure"; error: string };

class JsonError extends Error {
  constructor(
    readonly problem: "syntax" | "structure",
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

export function parseFlatJsonObject(text: string): FlatObjectResult {
  try {
    return { ok: true, fields: new Parser(text).object() };
  } catch (e) {
    if (e instanceof JsonError) return { ok: false, problem: e.problem, error: e.message };
    throw e;
  }
}

class Parser {
  private i = 0;

  constructor(private readonly text: string) {}

  object(): Map<string, JsonScalar> {
    const fields = new Map<string, JsonScalar>();
    this.expect(0x7b, "an opening {");
    if (this.peek() === 0x7d) {
      this.i++;
    } else {
      for (;;) {
        this.skipSpace();
        if (this.text.charCodeAt(this.i) !== 0x22) throw this.syntax("a key in double quotes");
        const key = this.string();
        if (fields.has(key)) throw new JsonError("structure", `the key "${key}" appears twice`);
        this.expect(0x3a, "a colon");
        fields.set(key, this.scalar(key));
        const c = this.peek();
        this.i++;
        if (c === 0x7d) break;
        if (c !== 0x2c) throw this.syntax("a comma or a closing }", this.i - 1);
      }
    }
    if (this.peek() !== -1) throw this.syntax("nothing after the closing }");
    return fields;
  }

  private scalar(key: string): JsonScalar {
    const c = this.peek();
    if (c === 0x22) return { kind: "string", value: this.string() };
    NUMBER.lastIndex = this.i;
    if (NUMBER.test(this.text)) {
      const text = this.text.slice(this.i, NUMBER.lastIndex);
      this.i = NUMBER.lastIndex;
      return { kind: "number", text };
    }
    if (
      c === 0x7b ||
      c === 0x5b ||
      this.text.startsWith("true", this.i) ||
      this.text.startsWith("false", this.i) ||
      this.text.startsWith("null", this.i)
    ) {
      throw new JsonError("structure", `the value of "${key}" is not a string or a number`);
    }
    throw this.syntax("a value");
  }

  /** Reads a string starting at the opening quote. */
  private string(): string {
    const text = this.text;
    let i = this.i + 1;
    let out = "";
    let runStart = i;
    for (;;) {
      if (i >= text.length) throw this.syntax("a closing quote", i);
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) throw this.syntax("no control characters inside a string", i);
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(runStart, i);
      const e = text[i + 1] ?? "";
      if (e === "u") {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.syntax("four hex digits after \\u", i);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else if (Object.hasOwn(SIMPLE_ESCAPES, e)) {
        out += SIMPLE_ESCAPES[e];
        i += 2;
      } else {
        throw this.syntax("a valid escape after \\", i);
      }
      runStart = i;
    }
    this.i = i + 1;
    const value = out + text.slice(runStart, i);
    // Only a \u escape can make one (decoded UTF-8 never does): "x\ud800" would
    // verify against a signature made over "x\ufffd".
    if (hasLoneSurrogate(value)) throw this.syntax("no unpaired surrogate escape in a string", runStart);
    return value;
  }

  private peek(): number {
    this.skipSpace();
    return this.i < this.text.length ? this.text.charCodeAt(this.i) : -1;
  }

  private expect(c: number, what: string): void {
    if (this.peek() !== c) throw this.syntax(what);
    this.i++;
  }

  private skipSpace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.i++;
    }
  }

  private syntax(expected: string, at = this.i): JsonError {
    return new JsonError("syntax", `its JSON is invalid: expected ${expected} at offset ${at}`);
  }
}
