-- AlterTable
ALTER TABLE "Refund" ADD COLUMN     "livemode" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "CreditNote" ADD COLUMN     "livemode" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Chargeback" ADD COLUMN     "livemode" BOOLEAN NOT NULL DEFAULT false;


-- Existing rows: the mode is not guessed. Every projection was written only from events of the
-- key's mode (intake ignores the other mode's events), and each of these rows has a parent that
-- has carried Stripe's own `livemode` since it was first projected: a refund or a chargeback its
-- charge, a credit note its invoice. Without a parent, the processed event that wrote the row
-- says which mode it came from. Only a row with neither keeps the default (test mode).
UPDATE "Refund" r SET livemode = coalesce(
  (SELECT c.livemode FROM "Charge" c WHERE c.id = r."chargeId"),
  (SELECT e.livemode FROM "StripeEvent" e WHERE e."objectId" = r."stripeId" AND e.status = 'PROCESSED' LIMIT 1),
  false);

UPDATE "CreditNote" n SET livemode = i.livemode FROM "Invoice" i WHERE i.id = n."invoiceId";

UPDATE "Chargeback" b SET livemode = coalesce(
  (SELECT c.livemode FROM "Charge" c WHERE c.id = b."chargeId" OR c."stripeId" = b."chargeStripeId" LIMIT 1),
  (SELECT e.livemode FROM "StripeEvent" e WHERE e."objectId" = b."stripeId" AND e.status = 'PROCESSED' LIMIT 1),
  false);
