import "server-only";
import type { Prisma } from "@prisma/client";
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { fieldErrors } from "./schemas";
import { defaultSlaPolicy, isWorkableSlaPolicy, parseSlaPolicy, slaPolicySchema, type SlaPolicy } from "./sla";

export const SLA_SETTING_KEY = "disputes.slaPolicy";

type SettingReader = Pick<Prisma.TransactionClient, "setting">;

/**
 * The configured SLA policy (Setting row), or the default when none is stored — or when the
 * stored one can place no deadline (saved before saving checked that): a dispute must never
 * fail to open because of the desk's calendar.
 */
export async function getSlaPolicy(db: SettingReader, now = new Date()): Promise<SlaPolicy> {
  const row = await db.setting.findUnique({ where: { key: SLA_SETTING_KEY } });
  const policy = parseSlaPolicy(row?.value);
  return row && !isWorkableSlaPolicy(policy, now) ? defaultSlaPolicy : policy;
}

/** Leads change the policy; new deadlines use it, existing ones keep theirs. */
export async function updateSlaPolicy(db: Db, options: { actor: Actor; policy: unknown; reason?: string; now?: Date }): Promise<SlaPolicy> {
  const actor = assertStaff(options.actor, "LEAD");
  const parsed = slaPolicySchema.safeParse(options.policy);
  if (!parsed.success) throw new ValidationError("disputes.err.form", fieldErrors(parsed.error), "The SLA policy is not valid.");
  // Try the policy on a dispute opened now before anyone depends on it.
  if (!isWorkableSlaPolicy(parsed.data, options.now ?? new Date())) {
    throw new ValidationError("disputes.err.form", { businessDays: "desk.slaPolicy.noHours" }, "desk.slaPolicy.noHours");
  }
  return db.$transaction(async (tx) => {
    const before = await getSlaPolicy(tx);
    const value = parsed.data as unknown as Prisma.InputJsonValue;
    await tx.setting.upsert({
      where: { key: SLA_SETTING_KEY },
      create: { key: SLA_SETTING_KEY, value, updatedById: actor.id },
      update: { value, updatedById: actor.id },
    });
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "setting.update",
      entityType: "setting",
      entityId: SLA_SETTING_KEY,
      before,
      after: parsed.data,
      reason: options.reason,
    });
    return parsed.data;
  });
}

/** The policy for the desk's settings page (any staff member may read it). */
export async function getSlaPolicyForDesk(db: Db, options: { actor: Actor }) {
  const actor = assertStaff(options.actor);
  return { policy: await getSlaPolicy(db), canEdit: actor.role !== "AGENT" };
}
