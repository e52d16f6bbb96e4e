// A node:test reporter for tests/run-all.ts: one JSON line per finished test
// or suite, so the tally is counted from events, not parsed from text a test
// could print itself. Plain JavaScript: node loads reporters without tsx.
export default async function* testEvents(source) {
  for await (const { type, data } of source) {
    if (type !== "test:pass" && type !== "test:fail") continue;
    const error = data.details?.error;
    yield `${JSON.stringify({
      passed: type === "test:pass",
      name: data.name,
      file: data.file,
      nesting: data.nesting,
      suite: data.details?.type === "suite",
      skip: data.skip !== undefined,
      todo: data.todo !== undefined,
      failureType: error?.failureType,
      message: error
        ? String(error.cause?.message ?? error.message)
            .split("\n")[0]
            .slice(0, 300)
        : undefined,
    })}\n`;
  }
}
