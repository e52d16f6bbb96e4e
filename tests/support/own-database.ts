// Imported first by a test file whose servers must not share the suite's
// database (their background jobs would share its work, and its server's
// with them): points this process at a fresh database of its own, which the
// first server the file starts migrates (`npm run setup`).
import { createTestDatabase } from "./test-database";

process.env.DATABASE_URL = await createTestDatabase();
