// Child process for the master-key rotation test, run with whichever master
// keys its environment configures. `sign` signs a UserSig with every app's
// primary key and checks it as a login would; `create` creates an app.
// Prints JSON; never a key.
const { db } = await import("@/lib/db");
const { createApp } = await import("@/lib/data/apps");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { primaryKey } = await import("@/lib/data/keys");
const { checkTicket } = await import("@/lib/data/ticket-check");
const { genUserSig } = await import("@/lib/usersig");

if (process.argv[2] === "create") {
  console.log(JSON.stringify(await createApp(SYSTEM_ACTOR, "Created after rotation")));
} else {
  const signed = [];
  for (const { sdkAppId } of await db().application.findMany({ orderBy: { sdkAppId: "asc" } })) {
    const ticket = genUserSig({ sdkAppId, key: (await primaryKey(sdkAppId)).key, userId: "rotation" });
    signed.push({ sdkAppId, ticket, ok: (await checkTicket({ sdkAppId, userId: "rotation", ticket })).ok });
  }
  console.log(JSON.stringify(signed));
}
process.exit(0);
export {};
