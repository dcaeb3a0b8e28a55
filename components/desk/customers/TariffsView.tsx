import Link from "@/components/ui/Link";
import { Card, EmptyState, Table } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { formatAmount, formatPercent, formatQuantity, formatUnitAmount } from "@/features/billing-display/format";
import type { loadTariffsPage } from "@/features/billing-audit/page-data";
import { formatDate, type Locale, type MessageKey, type Translate } from "@/lib/i18n";
import { AddTariffForm, RetireTariffForm } from "./TariffForms";

// A customer's contracted prices (/desk/customers/[id]/tariffs): the tariffs, the discounts
// and, for leads and admins (canEdit, decided by the loader), the forms.

type Tariffs = Awaited<ReturnType<typeof loadTariffsPage>>;
type Tier = NonNullable<Tariffs["tariffs"][number]["tiers"]>[number];

/** A tiered tariff's tiers: the units each covers (from the previous tier's up_to + 1), its unit and flat amounts. */
function TierTable({ t, locale, currency, mode, tiers }: { t: Translate; locale: Locale; currency: string; mode: string | null; tiers: Tier[] }) {
  const rows = tiers.map((tier, i) => {
    const prev = i > 0 ? tiers[i - 1].upTo : null;
    const from = formatQuantity(String(prev === null ? 1n : BigInt(prev) + 1n), locale);
    const range =
      tier.upTo === null ? t("audit.tariffs.tierRangeOpen", { from }) : t("audit.tariffs.tierRange", { from, to: formatQuantity(tier.upTo, locale) });
    return { range, ...tier };
  });
  return (
    <Table caption={`${t("audit.tariffs.tiersCaption")}: ${mode === "volume" ? t("audit.tariffs.mode.volume") : t("audit.tariffs.mode.graduated")}`}>
      <thead>
        <tr>
          <th scope="col">{t("audit.tariffs.tierUnits")}</th>
          <th scope="col" data-numeric>
            {t("audit.tariffs.tierUnit")}
          </th>
          <th scope="col" data-numeric>
            {t("audit.tariffs.tierFlat")}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.range}>
            <td>{r.range}</td>
            <td data-numeric>{r.unitAmountDecimal === null ? "—" : formatUnitAmount(r.unitAmountDecimal, currency, locale)}</td>
            <td data-numeric>{r.flatAmountDecimal === null ? "—" : formatUnitAmount(r.flatAmountDecimal, currency, locale)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function TariffsView({ t, locale, data }: { t: Translate; locale: Locale; data: Tariffs }) {
  const { canEdit } = data;
  const labels = {
    price: t("audit.tariffs.price"),
    unit: t("audit.tariffs.unit"),
    unitHint: t("audit.tariffs.unitHint"),
    quantity: t("audit.tariffs.quantity"),
    quantityHint: t("audit.tariffs.quantityHint"),
    from: t("audit.tariffs.from"),
    to: t("audit.tariffs.to"),
    reason: t("audit.tariffs.reason"),
    add: t("audit.tariffs.add"),
    retire: t("audit.tariffs.retire"),
    saved: t("audit.finding.saved"),
    scheme: t("audit.tariffs.scheme"),
    schemeHint: t("audit.tariffs.schemeHint"),
    perUnit: t("audit.tariffs.perUnit"),
    graduated: t("audit.tariffs.mode.graduated"),
    volume: t("audit.tariffs.mode.volume"),
    tiers: t("audit.tariffs.tiers"),
    tiersHint: t("audit.tariffs.tiersHint"),
    tierUpTo: t("audit.tariffs.tierUpTo"),
    tierUnit: t("audit.tariffs.tierUnit"),
    tierFlat: t("audit.tariffs.tierFlat"),
  };
  const day = (d: Date | null) => (d ? formatDate(locale, d) : "—");
  const interval = (i: string | null) => (i ? t("audit.tariffs.per", { interval: t(`audit.tariffs.interval.${i}` as MessageKey) }) : "");
  const priceLabel = (p: (typeof data.prices)[number]) =>
    `${p.productName ?? p.id} · ${p.unitAmountDecimal === null ? "—" : formatUnitAmount(p.unitAmountDecimal, p.currency, locale)}${interval(p.recurringInterval)}${p.usedByCustomer ? ` · ${t("audit.tariffs.used")}` : ""}`;
  const names = new Map(data.prices.map((p) => [p.id, p.productName]));
  return (
    <div className={s.stack}>
      <div>
        <p>
          <Link href={`/desk/customers/${data.customer.id}`}>← {data.customer.name ?? data.customer.email ?? data.customer.stripeId}</Link>
        </p>
        <h1>
          {t("audit.tariffs.title")}: {data.customer.name ?? data.customer.email ?? data.customer.stripeId}
        </h1>
      </div>
      {data.tariffs.length === 0 ? (
        <Card>
          <EmptyState title={t("audit.tariffs.none")} />
        </Card>
      ) : (
        <Table caption={t("audit.tariffs.title")}>
          <thead>
            <tr>
              <th scope="col">{t("audit.tariffs.price")}</th>
              <th scope="col" data-numeric>
                {t("audit.tariffs.unitCol")}
              </th>
              <th scope="col" data-numeric>
                {t("audit.tariffs.quantityCol")}
              </th>
              <th scope="col">{t("audit.tariffs.from")}</th>
              <th scope="col">{t("audit.tariffs.to")}</th>
              {canEdit && <th scope="col">{t("audit.tariffs.retire")}</th>}
            </tr>
          </thead>
          <tbody>
            {data.tariffs.map((r) => (
              <tr key={r.id}>
                <td>
                  {(r.priceId && names.get(r.priceId)) ?? r.priceId ?? r.productId}
                  <br />
                  <span className={s.meta}>{r.priceId ?? r.productId}</span>
                </td>
                <td data-numeric>
                  {r.unitAmountDecimal !== null ? (
                    formatUnitAmount(r.unitAmountDecimal, r.currency, locale)
                  ) : (
                    <TierTable t={t} locale={locale} currency={r.currency} mode={r.tiersMode} tiers={r.tiers ?? []} />
                  )}
                </td>
                <td data-numeric>{r.quantity ? formatQuantity(r.quantity, locale) : t("audit.tariffs.anyQuantity")}</td>
                <td>{day(r.validFrom)}</td>
                <td>{day(r.validTo)}</td>
                {canEdit && (
                  <td>
                    <RetireTariffForm locale={locale} customerId={data.customer.id} tariffId={r.id} labels={labels} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {data.discounts.length > 0 && (
        <Card title={t("audit.tariffs.discounts")}>
          <ul>
            {data.discounts.map((d) => (
              <li key={d.id}>
                {t(d.scope === "invoice" ? "audit.tariffs.scopeInvoice" : "audit.tariffs.scopeLine")} · {d.couponId ?? "—"} ·{" "}
                {d.percentOff
                  ? formatPercent(d.percentOff, locale)
                  : d.amountOffMinor !== null
                    ? formatAmount(d.amountOffMinor, d.currency ?? data.customer.currency ?? "usd", locale)
                    : "—"}{" "}
                · {day(d.validFrom)} – {day(d.validTo)}
              </li>
            ))}
          </ul>
        </Card>
      )}
      {canEdit && (
        <Card title={t("audit.tariffs.add")}>
          {data.prices.length === 0 ? (
            <p>{t("audit.tariffs.noPrices")}</p>
          ) : (
            <AddTariffForm
              locale={locale}
              customerId={data.customer.id}
              prices={data.prices.map((p) => ({ id: p.id, label: priceLabel(p) }))}
              labels={labels}
            />
          )}
        </Card>
      )}
    </div>
  );
}
