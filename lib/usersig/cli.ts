/*
 * Command-line front end: npm run --silent usersig -- <command> --name=value ...
 * Values are only accepted as --name=value so that a UserID or key starting
 * with "-" cannot be mistaken for an option. Exit codes: 0 success (verify:
 * accepted), 1 ticket rejected (verify, decode), 2 usage error or bad value.
 */
import { DEFAULT_CLOCK_SKEW_SECONDS, DEFAULT_EXPIRE_SECONDS, PRIVILEGES, type PrivilegeName } from "./constants";
import { decodeStandardBase64 } from "./escaped-base64";
import { UserSigInputError } from "./input-error";
import {
  decodePrivateMapKeyBuf,
  decodeUserSig,
  genPrivateMapKey,
  genUserSig,
  genUserSigWithUserBuf,
  verifyUserSig,
} from "./index";

class UsageError extends Error {}

type Command = { summary: string; options: Record<string, string>; run(o: Map<string, string>): number };

const COMMON = {
  "--sdkappid=N": "the app's SDKAppID (required)",
  "--key=K": "the app's secret key (required)",
  "--userid=U": "the UserID, 1-32 printable ASCII characters without spaces (required)",
};

const COMMANDS: Record<string, Command> = {
  gen: {
    summary: "Generate a UserSig; prints it alone on stdout.",
    options: {
      ...COMMON,
      "--expire=S": `validity in seconds (default ${DEFAULT_EXPIRE_SECONDS} = 180 days)`,
      "--time=T": "issue time in Unix seconds (default now)",
      "--userbuf=BASE64": "optional userbuf, standard base64",
    },
    run(o) {
      const common = commonInput(o, "--time");
      const userBuf = o.get("--userbuf");
      print(
        userBuf === undefined
          ? genUserSig(common)
          : genUserSigWithUserBuf({ ...common, userBuf: base64(userBuf, "--userbuf") }),
      );
      return 0;
    },
  },
  privatemapkey: {
    summary: "Generate a PrivateMapKey (TRTC room permission ticket); prints it alone on stdout.",
    options: {
      ...COMMON,
      "--room=R": "numeric room, 1 to 4294967295 (give --room or --room-str)",
      "--room-str=S": "string room, 1 to 64 bytes",
      "--privileges=P": `a bit map 1-255 (255 = all, 42 = enter + receive audio and video) or comma-separated names: ${Object.keys(PRIVILEGES).join(",")} (required)`,
      "--expire=S": `validity in seconds (default ${DEFAULT_EXPIRE_SECONDS}; short validities are recommended)`,
      "--time=T": "issue time in Unix seconds (default now)",
    },
    run(o) {
      const hasRoom = o.has("--room");
      if (hasRoom === o.has("--room-str")) throw new UsageError("give exactly one of --room=R or --room-str=S");
      const room = hasRoom ? integer(o, "--room")! : o.get("--room-str")!;
      print(
        genPrivateMapKey({ ...commonInput(o, "--time"), room, privileges: privileges(required(o, "--privileges")) }),
      );
      return 0;
    },
  },
  verify: {
    summary:
      'Verify a UserSig; prints {"ok":…,"code":…,"reason":…} (code 0 when accepted). Exit 0 accepted, 1 rejected.',
    options: {
      ...COMMON,
      "--usersig=SIG": "the UserSig to check (required)",
      "--now=T": "check expiry at this Unix time (default now)",
      "--clock-skew=S": `seconds the UserSig's time may be ahead of --now (default ${DEFAULT_CLOCK_SKEW_SECONDS}, as the server's TESSERA_CLOCK_SKEW_SECONDS)`,
      "--userbuf=BASE64": "require this userbuf (standard base64) in the ticket",
    },
    run(o) {
      const userBuf = o.get("--userbuf");
      const result = verifyUserSig({
        ticket: required(o, "--usersig"),
        sdkAppId: integer(o, "--sdkappid", true)!,
        userId: required(o, "--userid"),
        keys: [required(o, "--key")],
        now: integer(o, "--now"),
        futureLeewaySeconds: integer(o, "--clock-skew"),
        userBuf: userBuf === undefined ? undefined : base64(userBuf, "--userbuf"),
      });
      const line = result.ok
        ? {
            ok: true,
            code: 0,
            reason: `Valid until ${new Date(result.expiresAt * 1000).toISOString()} (UserID ${result.value.identifier}, SDKAppID ${result.value.sdkAppId}).`,
          }
        : { ok: false, code: result.code, reason: `${result.reason} Fix: ${result.fix}` };
      print(JSON.stringify(line));
      return result.ok ? 0 : 1;
    },
  },
  decode: {
    summary:
      "Decode a UserSig without checking its signature; prints its fields as JSON (and the PrivateMapKey block, if any). Exit 1 if it cannot be decoded.",
    options: { "--usersig=SIG": "the UserSig to decode (required)" },
    run(o) {
      const result = decodeUserSig(required(o, "--usersig"));
      if (!result.ok) {
        print(JSON.stringify({ ok: false, code: result.code, reason: `${result.reason} Fix: ${result.fix}` }));
        return 1;
      }
      const out: Record<string, unknown> = { ...result.value, expiresAt: result.value.time + result.value.expire };
      if (result.value.userBuf !== undefined) {
        const decoded = decodeStandardBase64(result.value.userBuf);
        const block = decoded.ok ? decodePrivateMapKeyBuf(decoded.bytes) : null;
        if (block?.ok) out.privateMapKey = block.value;
      }
      print(JSON.stringify(out, null, 2));
      return 0;
    },
  },
};

function commonInput(o: Map<string, string>, timeOption: string) {
  return {
    sdkAppId: integer(o, "--sdkappid", true)!,
    key: required(o, "--key"),
    userId: required(o, "--userid"),
    expire: integer(o, "--expire"),
    now: integer(o, timeOption),
  };
}

function required(o: Map<string, string>, name: string): string {
  const v = o.get(name);
  if (v === undefined) throw new UsageError(`${name}=… is required`);
  return v;
}

function integer(o: Map<string, string>, name: string, isRequired = false): number | undefined {
  const v = isRequired ? required(o, name) : o.get(name);
  if (v === undefined) return undefined;
  if (!/^\d{1,15}$/.test(v)) throw new UsageError(`${name} must be a whole number, got ${JSON.stringify(v)}`);
  return Number(v);
}

function base64(value: string, name: string): Uint8Array {
  const decoded = decodeStandardBase64(value);
  if (!decoded.ok) throw new UsageError(`${name} is not valid standard base64: ${decoded.error}`);
  return decoded.bytes;
}

function privileges(value: string): number | PrivilegeName[] {
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(",").map((name) => name.trim()) as PrivilegeName[];
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function help(command?: string): string {
  const lines = ["Usage: npm run --silent usersig -- <command> --name=value ...", ""];
  const names = command === undefined ? Object.keys(COMMANDS) : [command];
  for (const name of names) {
    const c = COMMANDS[name]!;
    lines.push(`${name}: ${c.summary}`);
    for (const [option, text] of Object.entries(c.options)) lines.push(`  ${option.padEnd(18)} ${text}`);
    lines.push("");
  }
  lines.push("Values must be written as --name=value (so values may start with -). Unknown options are errors.");
  lines.push("Exit codes: 0 success, 1 UserSig rejected (verify, decode), 2 usage error or invalid value.");
  return lines.join("\n");
}

function parseOptions(args: string[], command: Command): Map<string, string> {
  const allowed = new Set(Object.keys(command.options).map((o) => o.split("=")[0]!));
  const options = new Map<string, string>();
  for (const arg of args) {
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!allowed.has(name)) throw new UsageError(`unknown option ${JSON.stringify(name)}; see --help`);
    if (eq === -1) throw new UsageError(`${name} needs a value written as ${name}=value`);
    if (options.has(name)) throw new UsageError(`${name} is given twice`);
    options.set(name, arg.slice(eq + 1));
  }
  return options;
}

function main(argv: string[]): number {
  const [name, ...rest] = argv;
  if (name === undefined)
    throw new UsageError("no command given; commands: gen, privatemapkey, verify, decode (see --help)");
  if (name === "--help" || name === "-h" || name === "help") {
    print(help());
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name]! : undefined;
  if (command === undefined)
    throw new UsageError(`unknown command ${JSON.stringify(name)}; commands: ${Object.keys(COMMANDS).join(", ")}`);
  if (rest.includes("--help") || rest.includes("-h")) {
    print(help(name));
    return 0;
  }
  return command.run(parseOptions(rest, command));
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError || e instanceof UserSigInputError)) throw e;
  process.stderr.write(`usersig: ${e.message}\n`);
  process.exitCode = 2;
}
