import type { Role } from "@prisma/client";

export const staffRoles = ["AGENT", "LEAD", "ADMIN"] as const;
export type StaffRole = (typeof staffRoles)[number];
export const allRoles = ["CUSTOMER", ...staffRoles] as const satisfies readonly Role[];

const rank: Record<Role, number> = { CUSTOMER: 0, AGENT: 1, LEAD: 2, ADMIN: 3 };

export const isStaffRole = (role: Role): role is StaffRole => rank[role] >= rank.AGENT;
/** ADMIN ⊇ LEAD ⊇ AGENT: a lead can do everything an agent can. */
export const hasRole = (role: Role, minRole: StaffRole) => rank[role] >= rank[minRole];
export const isRole = (value: string): value is Role => (allRoles as readonly string[]).includes(value);
