import "server-only";
import type { Role } from "@prisma/client";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { zodFieldErrors } from "@/lib/zod-fields";
import { allRoles } from "./roles";

export const grantRoleSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("is not a valid email address")),
  role: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.enum(allRoles, `must be one of ${allRoles.join(", ")}`)),
});

export type GrantRoleResult = { userId: string; email: string; before: Role | null; after: Role; created: boolean };

/**
 * Sets a user's role (creating the user if needed) and records it in the audit log in the
 * same transaction: a role change without its audit entry cannot happen.
 */
export async function grantRole(
  db: Db,
  options: { email: string; role: string; actorLabel: string; actorId?: string; reason?: string },
): Promise<GrantRoleResult> {
  const parsed = grantRoleSchema.safeParse({ email: options.email, role: options.role });
  if (!parsed.success) {
    // Keys for a form, zod's own words for the script's log line.
    const text = parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join("; ");
    throw new ValidationError("disputes.err.form", zodFieldErrors(parsed.error), text);
  }
  const { email, role } = parsed.data;
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true, role: true } });
    const user = existing ? await tx.user.update({ where: { id: existing.id }, data: { role } }) : await tx.user.create({ data: { email, role } });
    await tx.auditEntry.create({
      data: {
        actorId: options.actorId ?? null,
        actorLabel: options.actorLabel,
        action: "role.grant",
        entityType: "user",
        entityId: user.id,
        before: existing ? { role: existing.role } : { role: null, created: true },
        after: { role },
        reason: options.reason ?? null,
      },
    });
    return { userId: user.id, email, before: existing?.role ?? null, after: role, created: !existing };
  });
}
