// Child process for the cross-process transaction test: runs read-then-write
// transactions against DATABASE_URL and prints how many failed.
const { db } = await import("@/lib/db");
const rounds = Number(process.argv[2] ?? 100);
let failed = 0;
for (let i = 0; i < rounds; i++) {
  const key = `worker-${process.pid}-${i}`;
  try {
    await db().$transaction(async (tx) => {
      await tx.throttle.findMany({ take: 5 });
      await new Promise((resolve) => setTimeout(resolve, 1));
      await tx.throttle.create({ data: { key, windowStart: new Date() } });
    });
  } catch {
    failed++;
  }
}
console.log(JSON.stringify({ failed }));
process.exit(0);
export {};
