// Test-only child process: issues one correction and (with SETTLE_TEST_CRASH_AFTER_STRIPE=1)
// dies with exit code 137 right after Stripe answered, before Settle's commit.
import { getDb } from "@/lib/db";
import { issueCorrection } from "../issue-correction";

const id = process.argv[2];
const db = await getDb();
await issueCorrection(db, { actor: "system", correctionId: id });
process.exit(0);
