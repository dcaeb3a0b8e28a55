import "server-only";
import type { Db } from "@/lib/db";
import { demoUsers } from "@/features/auth/demo-users";

export { linkUserToCustomers } from "@/features/auth/link-user-to-customers";
export { demoUsers };

/**
 * Demo staff and customers. Idempotent: re-running keeps ids and refreshes names and roles.
 * Seeded staff roles are demo data, not a grant, so no audit entry is written here.
 */
export async function seedDemoUsers(db: Db): Promise<{ count: number }> {
  for (const u of demoUsers) {
    await db.user.upsert({
      where: { email: u.email },
      create: { email: u.email, name: u.name, role: u.role, emailVerified: new Date() },
      update: { name: u.name, role: u.role },
    });
  }
  return { count: demoUsers.length };
}
