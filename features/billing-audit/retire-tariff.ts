import "server-only";
import type { Db } from "@/lib/db";
import { isPlainText, isWellFormedId } from "@/lib/input";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";

/** Tariffs are never deleted (findings cite them): a wrong one is retired, with a reason. */
export async function retireTariff(db: Db, options: { actor: Actor; tariffId: string; reason: string }) {
  const actor = assertStaff(options.actor, "LEAD");
  const reason = (options.reason ?? "").trim();
  if (reason.length < 3) throw new ValidationError("disputes.err.form", { reason: "audit.err.reasonRequired" }, "audit.err.form");
  if (!isPlainText(reason)) throw new ValidationError("disputes.err.form", { reason: "disputes.err.controlChars" }, "audit.err.form");
  if (!isWellFormedId(options.tariffId)) throw new NotFoundError("Tariff not found");
  return db.$transaction(async (tx) => {
    const before = await tx.tariff.findUnique({ where: { id: options.tariffId } });
    if (!before || before.retiredAt) throw new NotFoundError("Tariff not found");
    const after = await tx.tariff.update({ where: { id: before.id }, data: { retiredAt: new Date() } });
    await writeAudit(tx, { actor: auditActor(actor), action: "tariff.retire", entityType: "tariff", entityId: before.id, before, after, reason });
    return { id: before.id };
  });
}
