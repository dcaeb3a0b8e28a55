import "server-only";
import type { Db } from "@/lib/db";
import { assertStaff, type Actor } from "@/features/auth/actor";

/** Staff who can be assigned disputes (for the assignment picker and queue filter). */
export async function listStaffUsers(db: Db, options: { actor: Actor }) {
  assertStaff(options.actor);
  return db.user.findMany({
    where: { role: { in: ["AGENT", "LEAD", "ADMIN"] } },
    select: { id: true, name: true, email: true, role: true },
    orderBy: { email: "asc" },
  });
}
