// Seeds the demo users into the configured database (DATABASE_URL, or the embedded PGlite).
// Used by the e2e global setup; the demo command calls seedDemoUsers() in-process.
import { closeDb, getDb } from "@/lib/db";
import { seedDemoUsers } from "@/prisma/seed/users";

const db = await getDb();
const { count } = await seedDemoUsers(db);
console.log(`seeded ${count} demo users`);
await closeDb();
