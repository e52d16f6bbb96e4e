// `npm run dev` prints log lines for a person rather than for a log
// collector: time, level, message, then the other fields as key=value. A
// few lines of our own instead of pino-pretty and its dependencies: only the
// development server uses it, and it needs no options.

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO ", 40: "WARN ", 50: "ERROR", 60: "FATAL" };
const OMITTED = new Set(["level", "time", "msg", "pid", "hostname"]);

export function readableLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof entry.time === "string" ? entry.time.slice(11, 23) : "";
  const fields = Object.entries(entry)
    .filter(([key]) => !OMITTED.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  return `${time} ${LEVELS[entry.level as number] ?? entry.level} ${entry.msg ?? ""}${fields.length > 0 ? `  ${fields.join(" ")}` : ""}\n`;
}
