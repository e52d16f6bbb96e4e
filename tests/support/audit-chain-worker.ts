// Child process for the audit chain test: writes audit rows every way the app
// does (a change through recordAudit, the rejections writer with its repeat
// rows, logins through createSession's group commit) while sealing as often
// as it can with the production settle delay, racing the other worker.
// Prints how many rows it sealed.
const { db } = await import("@/lib/db");
const { recordAudit } = await import("@/lib/data/audit");
const { auditRejected } = await import("@/lib/data/rejections");
const { createSession } = await import("@/lib/data/sessions");
const { sealPending } = await import("@/lib/data/audit-seal");

const [sdkAppId, rounds] = process.argv.slice(2).map(Number) as [number, number];
const me = `w${process.pid}`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let writing = true;
let sealed = 0;
const sealing = (async () => {
  while (writing) {
    sealed += (await sealPending()).sealed;
    await pause(5);
  }
})();

for (let i = 0; i < rounds; i++) {
  const anonymous = { type: "anonymous" as const, id: `${me}-${i % 10}`, ip: "192.0.2.1" };
  await Promise.all([
    db().$transaction((tx) =>
      recordAudit({ actor: { type: "system", id: me }, action: "app.rename", sdkAppId, details: { round: i } }, tx),
    ),
    // Ten kinds, each repeated: first rows at once, repeat rows when their window closes.
    auditRejected({ actor: anonymous, action: "login", sdkAppId, code: 70001 }),
    createSession({
      actor: { type: "user", id: `${me}-${i}`, ip: "192.0.2.2" },
      sdkAppId,
      userId: `${me}-${i}`,
      ticketExpiresAt: 2 ** 31,
      keyVersion: 1,
      accountExists: false,
    }),
  ]);
}
// Let the repeat windows (TESSERA_AUDIT_REPEAT_WINDOW=1) close and write their rows.
await pause(2500);
writing = false;
await sealing;
console.log(JSON.stringify({ sealed }));
process.exit(0);
export {};
