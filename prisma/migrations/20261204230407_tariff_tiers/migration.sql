-- AlterTable
ALTER TABLE "Tariff" ADD COLUMN     "tiers" JSONB,
ADD COLUMN     "tiersMode" TEXT,
ALTER COLUMN "unitAmountDecimal" DROP NOT NULL;


-- A tariff is either per unit (a unit amount) or tiered (a mode and its tiers), never both nor neither.
-- coalesce: a CHECK that evaluates to NULL passes, and a NULL mode or tiers would make it NULL.
ALTER TABLE "Tariff" ADD CONSTRAINT "Tariff_unit_or_tiers" CHECK (coalesce(
  ("unitAmountDecimal" IS NOT NULL AND "tiersMode" IS NULL AND "tiers" IS NULL)
  OR ("unitAmountDecimal" IS NULL AND "tiersMode" IN ('graduated', 'volume') AND jsonb_typeof("tiers") = 'array'),
  false
));
