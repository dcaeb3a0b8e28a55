// npm run user:grant -- <email> <role>
// Grants a role (CUSTOMER, AGENT, LEAD, ADMIN), creating the user when missing; audited.
import { closeDb, getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { grantRole } from "@/features/auth/grant-role";

async function main(): Promise<number> {
  const [email, role] = process.argv.slice(2).filter((a) => a !== "--");
  if (!email || !role) {
    console.error("usage: npm run user:grant -- <email> <CUSTOMER|AGENT|LEAD|ADMIN>");
    return 2;
  }
  try {
    const result = await grantRole(await getDb(), { email, role, actorLabel: "cli:user-grant" });
    const from = result.created ? "new user" : result.before;
    console.log(`${result.email}: ${from} → ${result.after}`);
    return 0;
  } catch (error) {
    if (isAppError(error)) {
      console.error(`user:grant: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await closeDb();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error("user:grant failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
