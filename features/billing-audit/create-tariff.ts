import "server-only";
import type { Db } from "@/lib/db";
import { zodFieldErrors } from "@/lib/zod-fields";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { parseQuantityInput, parseUnitAmountInput } from "@/lib/money";
import { Prisma } from "@prisma/client";
import type { MessageKey } from "@/lib/i18n";
import { overlaps, tariffInputSchema, type TariffInput, type TariffTier } from "./tariff-schema";

/** Stripe's stored tier shape (docs.stripe.com/api/prices/object#price_object-tiers), amounts in minor units. */
export type StoredTier = {
  up_to: number | "inf";
  unit_amount_decimal: string | null;
  flat_amount_decimal: string | null;
};

/** The parsed tiers with their amounts in the currency's minor units; a precision the currency cannot hold is that tier's field error. */
function tiersInMinorUnits(tiers: TariffTier[], currency: string): StoredTier[] {
  const fields: Record<string, MessageKey> = {};
  const minor = (v: string | undefined, field: string): string | null => {
    if (v === undefined) return null;
    const parsed = parseUnitAmountInput(v, currency);
    if (!parsed.ok) fields[field] = "audit.err.tierAmount";
    return parsed.ok ? parsed.minor : null;
  };
  const out = tiers.map((t, i) => ({
    up_to: t.upTo ?? ("inf" as const),
    unit_amount_decimal: minor(t.unitAmount, `tiers.${i}.unitAmount`),
    flat_amount_decimal: minor(t.flatAmount, `tiers.${i}.flatAmount`),
  }));
  if (Object.keys(fields).length) throw new ValidationError("disputes.err.form", fields, "audit.err.form");
  return out;
}

/**
 * Staff record a customer's contracted price (and, if agreed, quantity) for one Stripe price over
 * a validity period: a unit amount, or tiers (graduated or volume, as a tiered Stripe Price). The unit amount is typed in the currency's units and defaults to the Stripe price's. Periods of one customer's price never overlap;
 * the check runs under a row lock on the customer, so two concurrent saves cannot both pass.
 */
export async function createTariff(db: Db, options: { actor: Actor; input: TariffInput }) {
  const actor = assertStaff(options.actor, "LEAD");
  const parsed = tariffInputSchema.safeParse(options.input);
  if (!parsed.success) throw new ValidationError("disputes.err.form", zodFieldErrors(parsed.error), "audit.err.form");
  const input = parsed.data;
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Customer" WHERE id = ${input.customerId} FOR UPDATE`;
    if (!locked.length) throw new NotFoundError("Customer not found");
    const price = await tx.price.findUnique({
      where: { id: input.priceId },
      select: { id: true, productId: true, currency: true, unitAmountDecimal: true, unitAmount: true },
    });
    if (!price) throw new ValidationError("disputes.err.form", { priceId: "audit.err.unknownPrice" }, "audit.err.form");
    // Tiered: the tiers in the price currency's minor units (its precision is known only now).
    const tiers = input.tiersMode ? tiersInMinorUnits(input.tiers ?? [], price.currency) : null;
    let unit = tiers ? undefined : (price.unitAmountDecimal?.toString() ?? price.unitAmount?.toString());
    if (!tiers && input.unitAmount !== undefined) {
      const parsed = parseUnitAmountInput(input.unitAmount, price.currency);
      if (!parsed.ok) throw new ValidationError("disputes.err.form", { unitAmount: "audit.err.unitAmount" }, "audit.err.form");
      unit = parsed.minor;
    }
    if (!tiers && !unit) throw new ValidationError("disputes.err.form", { unitAmount: "audit.err.unitAmount" }, "audit.err.form");
    const quantity = input.quantity !== undefined ? parseQuantityInput(input.quantity) : null;
    const existing = await tx.tariff.findMany({
      where: { customerId: input.customerId, priceId: input.priceId, retiredAt: null },
      select: { id: true, validFrom: true, validTo: true },
    });
    const period = { validFrom: input.validFrom, validTo: input.validTo ?? null };
    const clash = existing.find((t) => overlaps(period, t));
    if (clash) throw new ValidationError("disputes.err.form", { validFrom: "audit.err.overlap" }, "audit.err.form");
    const row = await tx.tariff.create({
      data: {
        customerId: input.customerId,
        priceId: price.id,
        productId: price.productId,
        currency: price.currency,
        unitAmountDecimal: tiers ? null : unit,
        tiersMode: tiers ? input.tiersMode : null,
        tiers: tiers ?? Prisma.DbNull,
        quantity,
        discountPercent: input.discountPercent ?? null,
        validFrom: period.validFrom,
        validTo: period.validTo,
        note: input.note ?? null,
        createdById: actor.id,
      },
    });
    await writeAudit(tx, { actor: auditActor(actor), action: "tariff.create", entityType: "tariff", entityId: row.id, after: row, reason: input.reason });
    return { id: row.id };
  });
}
