import Link from "@/components/ui/Link";
import { Alert, Card, Table } from "@/components/ui";
import { tr } from "@/components/forms/FormMessage";
import s from "@/components/ui/layout.module.css";
import type { RefundPreview as Preview } from "@/features/corrections/preview/preview-refund";
import { formatDate, intlLocale, type Locale, type MessageKey, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";

/** Settle's own preview of a refund-only correction (Stripe has none), computed server-side. */
export function RefundPreview({ p, t, locale }: { p: Preview; t: Translate; locale: Locale }) {
  const c = p.charge;
  const money = (a: bigint) => (c ? formatMoney(a, c.currency, intlLocale(locale)) : "—");
  const reasons = [...new Set(Object.values(p.errors))];
  return (
    <Card title={t("desk.corrections.refundPreview")}>
      {c && (
        <p>
          {t("desk.corrections.charge")}: {c.stripeId} · {formatDate(locale, c.created)}
          {c.description ? ` · ${c.description}` : ""}
        </p>
      )}
      {c && (
        <Table caption={t("desk.corrections.refundPreviewCaption")}>
          <tbody>
            <tr>
              <th scope="row">{t("desk.corrections.charged")}</th>
              <td data-numeric>{money(c.amount)}</td>
            </tr>
            <tr>
              <th scope="row">{t("desk.corrections.alreadyRefunded")}</th>
              <td data-numeric>{money(p.refunded)}</td>
            </tr>
            <tr>
              <th scope="row">{t("desk.corrections.inFlight", { count: p.inFlight.length })}</th>
              <td data-numeric>{money(p.inFlightTotal)}</td>
            </tr>
            <tr>
              <th scope="row">{t("desk.corrections.refundableNow")}</th>
              <td data-numeric>{money(p.refundable)}</td>
            </tr>
            <tr>
              <th scope="row">{t("desk.corrections.thisRefund")}</th>
              <td data-numeric>{p.amount === null ? "—" : <strong>{money(p.amount)}</strong>}</td>
            </tr>
            <tr>
              <th scope="row">{t("desk.corrections.leftAfter")}</th>
              <td data-numeric>{p.remainderAfter === null || p.remainderAfter < 0n ? "—" : money(p.remainderAfter)}</td>
            </tr>
          </tbody>
        </Table>
      )}
      {p.inFlight.length > 0 && (
        <ul className={s.meta}>
          {p.inFlight.map((o) => (
            <li key={o.id}>
              <Link href={`/desk/corrections/${o.id}`}>{t("desk.corrections.refundTitle", { amount: money(o.amountMinor) })}</Link> ·{" "}
              {t(`desk.corrections.status.${o.status}` as MessageKey)}
            </li>
          ))}
        </ul>
      )}
      {reasons.length > 0 ? (
        <Alert tone="danger">
          <p>{t("desk.corrections.refundWouldFail")}</p>
          <ul>
            {reasons.map((k) => (
              <li key={k}>{tr(t, k)}</li>
            ))}
          </ul>
        </Alert>
      ) : p.amount === null ? (
        <p className={s.meta}>{t("desk.corrections.refundTypeAmount")}</p>
      ) : p.needsApproval ? (
        <Alert tone="warning">
          <p>{p.threshold === null ? t("desk.corrections.approvalAlways") : t("desk.corrections.approvalNeeded", { amount: money(p.threshold) })}</p>
        </Alert>
      ) : (
        <Alert tone="info">
          <p>{t("desk.corrections.approvalNotNeeded", { amount: money(p.threshold ?? 0n) })}</p>
        </Alert>
      )}
    </Card>
  );
}
