import "server-only";
import type { DisputeReason } from "@prisma/client";
import type { Db } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { cannedReplySchema, fieldErrors } from "./schemas";

// Canned replies: guidance for new staff, one set per reason and language. Everyone on the
// desk reads them; only leads (and admins) write them.

export async function listCannedReplies(db: Db, options: { actor: Actor; reason?: DisputeReason }) {
  assertStaff(options.actor);
  return db.cannedReply.findMany({
    where: options.reason ? { reason: options.reason } : {},
    orderBy: [{ reason: "asc" }, { locale: "asc" }, { title: "asc" }],
    select: { id: true, reason: true, locale: true, title: true, body: true, updatedAt: true },
  });
}

function parse(input: unknown) {
  const parsed = cannedReplySchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("disputes.err.form", fieldErrors(parsed.error));
  return parsed.data;
}

export async function createCannedReply(db: Db, options: { actor: Actor; input: unknown }) {
  const actor = assertStaff(options.actor, "LEAD");
  const data = parse(options.input);
  return db.$transaction(async (tx) => {
    const row = await tx.cannedReply.create({ data: { ...data, updatedById: actor.id }, select: { id: true } });
    await writeAudit(tx, { actor: auditActor(actor), action: "canned_reply.create", entityType: "canned_reply", entityId: row.id, after: data });
    return row;
  });
}

export async function updateCannedReply(db: Db, options: { actor: Actor; id: string; input: unknown }) {
  const actor = assertStaff(options.actor, "LEAD");
  const data = parse(options.input);
  return db.$transaction(async (tx) => {
    const before = await tx.cannedReply.findUnique({ where: { id: options.id }, select: { reason: true, locale: true, title: true, body: true } });
    if (!before) throw new NotFoundError("Canned reply not found");
    await tx.cannedReply.update({ where: { id: options.id }, data: { ...data, updatedById: actor.id } });
    await writeAudit(tx, { actor: auditActor(actor), action: "canned_reply.update", entityType: "canned_reply", entityId: options.id, before, after: data });
    return { id: options.id };
  });
}

export async function deleteCannedReply(db: Db, options: { actor: Actor; id: string }) {
  const actor = assertStaff(options.actor, "LEAD");
  return db.$transaction(async (tx) => {
    const before = await tx.cannedReply.findUnique({ where: { id: options.id }, select: { reason: true, locale: true, title: true, body: true } });
    if (!before) throw new NotFoundError("Canned reply not found");
    await tx.cannedReply.delete({ where: { id: options.id } });
    await writeAudit(tx, { actor: auditActor(actor), action: "canned_reply.delete", entityType: "canned_reply", entityId: options.id, before });
    return { id: options.id };
  });
}
