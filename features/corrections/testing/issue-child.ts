// Test-only child process: issues one correction and (with SETTLE_TEST_CRASH_AFTER_STRIPE=1)
// dies with exit code 137 right after Stripe answered, before Settle's commit.
import { getDb } from "@/lib/db";
import { issueCorrection } from "../issue/issue-correction";

const id = process.argv[2];
const db = await getDb();
await issueCorrection(db, {
  actor: "system",
  correctionId: id,
  // Dies after Stripe answered, before Settle records the answer: what a crash there leaves behind.
  afterStripeAnswered: process.env.SETTLE_TEST_CRASH_AFTER_STRIPE === "1" ? () => process.exit(137) : undefined,
});
process.exit(0);
