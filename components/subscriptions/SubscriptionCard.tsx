import { Badge, Card, Table, type BadgeTone } from "@/components/ui";
import s from "@/components/portal/portal.module.css";
import { formatAmount, formatDay, formatQuantity, formatUnitAmount } from "@/features/billing-display/format";
import type { ItemView, SubscriptionView, TierView } from "@/features/subscriptions/subscription-view";
import type { Locale, MessageKey, Translate } from "@/lib/i18n";
import { priceText, tierRange, isZero, type Ctx } from "./price-text";
import own from "./subscriptions.module.css";

const STATUS: Record<string, { key: MessageKey; tone: BadgeTone }> = {
  active: { key: "portal.subscriptions.status.active", tone: "success" },
  trialing: { key: "portal.subscriptions.status.trialing", tone: "info" },
  past_due: { key: "portal.subscriptions.status.past_due", tone: "danger" },
  unpaid: { key: "portal.subscriptions.status.unpaid", tone: "danger" },
  paused: { key: "portal.subscriptions.status.paused", tone: "warning" },
  canceled: { key: "portal.subscriptions.status.canceled", tone: "neutral" },
  incomplete: { key: "portal.subscriptions.status.incomplete", tone: "warning" },
  incomplete_expired: { key: "portal.subscriptions.status.incomplete_expired", tone: "neutral" },
};

const INTERVAL: Record<string, MessageKey> = {
  day: "portal.subscriptions.interval.day",
  week: "portal.subscriptions.interval.week",
  month: "portal.subscriptions.interval.month",
  year: "portal.subscriptions.interval.year",
};

function TierTable({ ctx, item, tiers, mode, idBase }: { ctx: Ctx; item: ItemView; tiers: TierView[]; mode: "graduated" | "volume"; idBase: string }) {
  const { t, locale, currency } = ctx;
  return (
    <div className={own.tiers}>
      <Table
        id={idBase}
        caption={t("portal.subscriptions.tiers.caption", { product: item.product })}
        stackLabels={[t("portal.subscriptions.tiers.col.units"), t("portal.subscriptions.tiers.col.unit"), t("portal.subscriptions.tiers.col.flat")]}
      >
        <thead>
          <tr>
            <th scope="col">{t("portal.subscriptions.tiers.col.units")}</th>
            <th scope="col" className={s.num}>
              {t("portal.subscriptions.tiers.col.unit")}
            </th>
            <th scope="col" className={s.num}>
              {t("portal.subscriptions.tiers.col.flat")}
            </th>
          </tr>
        </thead>
        <tbody>
          {tiers.map((tier) => (
            <tr key={String(tier.from)}>
              <th scope="row">{tierRange(t, tier, locale)}</th>
              <td className={s.num}>{formatUnitAmount(tier.unitAmountDecimal, currency, locale)}</td>
              <td className={s.num}>{isZero(tier.flatAmountDecimal) ? "—" : formatUnitAmount(tier.flatAmountDecimal, currency, locale)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
      <p className={s.sub}>{t(mode === "graduated" ? "portal.subscriptions.tiers.graduated" : "portal.subscriptions.tiers.volume")}</p>
    </div>
  );
}

export function SubscriptionCard({ sub, t, locale }: { sub: SubscriptionView; t: Translate; locale: Locale }) {
  const ctx: Ctx = { t, locale, currency: sub.currency };
  const name = [...new Set(sub.items.map((i) => i.product))].join(", ") || sub.stripeId;
  const status = STATUS[sub.status];
  const interval = sub.items.find((i) => i.interval)?.interval ?? null;
  const headingId = `sub-${sub.stripeId}`;
  const renewal = sub.renewal;
  return (
    <Card>
      <div className={own.head}>
        <h2 id={headingId} className={own.title}>
          {name}
        </h2>
        <span className={own.badges}>
          <Badge tone={status?.tone ?? "neutral"}>{status ? t(status.key) : t("portal.subscriptions.status.other", { status: sub.status })}</Badge>
          {sub.phase === "ending" && sub.endsAt && <Badge tone="warning">{t("portal.subscriptions.ending", { date: formatDay(sub.endsAt, locale) })}</Badge>}
        </span>
      </div>
      <dl className={s.facts}>
        {interval && INTERVAL[interval] && (
          <div>
            <dt>{t("portal.subscriptions.fact.billing")}</dt>
            <dd>{t(INTERVAL[interval])}</dd>
          </div>
        )}
        <div>
          <dt>{t("portal.subscriptions.fact.started")}</dt>
          <dd>{formatDay(sub.created, locale)}</dd>
        </div>
        {sub.trialEnd && (
          <div>
            <dt>{t("portal.subscriptions.fact.trialEnds")}</dt>
            <dd>{formatDay(sub.trialEnd, locale)}</dd>
          </div>
        )}
        {sub.phase !== "ended" && (
          <div>
            <dt>{t("portal.subscriptions.fact.nextRenewal")}</dt>
            <dd>{renewal ? formatDay(renewal.date, locale) : t("portal.subscriptions.noRenewal")}</dd>
          </div>
        )}
        {renewal && (
          <div>
            <dt>{t("portal.subscriptions.fact.renewalAmount")}</dt>
            <dd data-testid="renewal-amount">
              {renewal.amount === null ? t("portal.subscriptions.amountUnknown") : formatAmount(renewal.amount, sub.currency, locale)}
              <span className={s.sub}>{t("portal.subscriptions.beforeDiscounts")}</span>
              {renewal.incomplete && <span className={s.sub}>{t("portal.subscriptions.plusUsage")}</span>}
            </dd>
          </div>
        )}
        {sub.phase === "ending" && sub.endsAt && (
          <div>
            <dt>{t("portal.subscriptions.fact.endsOn")}</dt>
            <dd>{formatDay(sub.endsAt, locale)}</dd>
          </div>
        )}
        {sub.phase === "ended" && (
          <div>
            <dt>{t("portal.subscriptions.fact.endedOn")}</dt>
            <dd>{formatDay(sub.endedAt, locale)}</dd>
          </div>
        )}
      </dl>
      {sub.paused && (
        <p className={s.muted}>
          {sub.paused.resumesAt ? t("portal.subscriptions.pausedUntil", { date: formatDay(sub.paused.resumesAt, locale) }) : t("portal.subscriptions.paused")}
        </p>
      )}
      <Table
        id={`items-${sub.stripeId}`}
        caption={t("portal.subscriptions.items.caption", { name })}
        stackLabels={[
          t("portal.subscriptions.col.product"),
          t("portal.subscriptions.col.quantity"),
          t("portal.subscriptions.col.price"),
          t("portal.subscriptions.col.amount"),
        ]}
      >
        <thead>
          <tr>
            <th scope="col">{t("portal.subscriptions.col.product")}</th>
            <th scope="col" className={s.num}>
              {t("portal.subscriptions.col.quantity")}
            </th>
            <th scope="col">{t("portal.subscriptions.col.price")}</th>
            <th scope="col" className={s.num}>
              {t("portal.subscriptions.col.amount")}
            </th>
          </tr>
        </thead>
        <tbody>
          {sub.items.map((item) => (
            <tr key={item.stripeId}>
              <th scope="row">{item.product}</th>
              <td className={s.num}>{item.quantity === null ? t("portal.subscriptions.usage") : formatQuantity(String(item.quantity), locale)}</td>
              <td className={own.price}>{priceText(ctx, item.price)}</td>
              <td className={s.num}>
                {item.periodAmount !== null
                  ? formatAmount(item.periodAmount, sub.currency, locale)
                  : item.quantity === null
                    ? t("portal.subscriptions.usage")
                    : t("portal.subscriptions.amountUnknown")}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {sub.items.map((item) =>
        item.price.kind === "tiered" ? (
          <TierTable key={item.stripeId} ctx={ctx} item={item} tiers={item.price.tiers} mode={item.price.mode} idBase={`tiers-${item.stripeId}`} />
        ) : null,
      )}
    </Card>
  );
}
