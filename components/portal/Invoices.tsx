import Link from "@/components/ui/Link";
import { Alert, Badge, ButtonLink } from "@/components/ui";
import { formatAmount, formatDay } from "@/features/billing-display/format";
import { invoiceStatusLabel } from "@/features/billing-display/labels";
import { invoiceStatuses, type InvoiceFilters } from "@/features/invoices/invoice-filters";
import type { InvoiceListItem } from "@/features/invoices/list-invoices";
import type { Locale, Translate } from "@/lib/i18n";
import { ListTable } from "./ListShell";
import s from "./portal.module.css";

const statusTone = { OPEN: "warning", PAID: "success", VOID: "neutral", UNCOLLECTIBLE: "danger" } as const;

export type InvoiceFiltersFormProps = { t: Translate; filters: InvoiceFilters; sort: string; dir: string; filtered: boolean; reversed: boolean };

/** The invoice list's GET form: status, date range, search, sort and direction. */
export function InvoiceFiltersForm({ t, filters, sort, dir, filtered, reversed }: InvoiceFiltersFormProps) {
  return (
    <form method="get" action="/invoices" role="search" aria-label={t("portal.invoices.filters")}>
      <fieldset className={s.filters}>
        <legend>{t("portal.invoices.filters")}</legend>
        <label className={s.control}>
          {t("portal.invoices.status")}
          <select name="status" defaultValue={filters.status ?? ""}>
            <option value="">{t("portal.invoices.anyStatus")}</option>
            {invoiceStatuses.map((st) => (
              <option key={st} value={st}>
                {invoiceStatusLabel(t, st)}
              </option>
            ))}
          </select>
        </label>
        <label className={s.control}>
          {t("portal.invoices.from")}
          <input
            type="date"
            name="from"
            defaultValue={filters.from ?? ""}
            aria-invalid={reversed || undefined}
            aria-describedby={reversed ? "range-error" : undefined}
          />
        </label>
        <label className={s.control}>
          {t("portal.invoices.to")}
          <input type="date" name="to" defaultValue={filters.to ?? ""} />
        </label>
        <label className={s.control}>
          {t("portal.invoices.search")}
          <input type="search" name="q" defaultValue={filters.q ?? ""} aria-describedby="q-hint" autoComplete="off" />
          <span id="q-hint" className={s.sub}>
            {t("portal.invoices.searchHint")}
          </span>
        </label>
        <label className={s.control}>
          {t("portal.invoices.sort")}
          <select name="sort" defaultValue={sort}>
            <option value="created">{t("portal.invoices.sortCreated")}</option>
            <option value="amount">{t("portal.invoices.sortAmount")}</option>
            <option value="due">{t("portal.invoices.sortDue")}</option>
          </select>
        </label>
        <label className={s.control}>
          {t("portal.invoices.dir")}
          <select name="dir" defaultValue={dir}>
            <option value="desc">{t("portal.invoices.desc")}</option>
            <option value="asc">{t("portal.invoices.asc")}</option>
          </select>
        </label>
        <div className={s.actions}>
          <button type="submit" className={s.smallButton}>
            {t("portal.invoices.apply")}
          </button>
          {filtered && <Link href="/invoices">{t("portal.invoices.reset")}</Link>}
        </div>
      </fieldset>
    </form>
  );
}

/** Why a reversed date range matches nothing (the filter form's inputs point here by id). */
export function ReversedRangeAlert({ t, locale, from, to }: { t: Translate; locale: Locale; from: string; to: string }) {
  return (
    <Alert tone="danger">
      <p id="range-error">
        {t("portal.invoices.reversedRange", {
          from: formatDay(new Date(`${from}T00:00:00Z`), locale),
          to: formatDay(new Date(`${to}T00:00:00Z`), locale),
        })}
      </p>
    </Alert>
  );
}

/** The portal's invoice list table, with a pay button on each invoice that can still be paid. */
export function InvoicesTable({ t, locale, rows }: { t: Translate; locale: Locale; rows: InvoiceListItem[] }) {
  const columns = [
    { label: t("portal.invoices.col.number") },
    { label: t("portal.invoices.col.issued") },
    { label: t("portal.invoices.col.due") },
    { label: t("portal.invoices.col.status") },
    { label: t("portal.invoices.col.total"), num: true },
    { label: t("portal.invoices.col.remaining"), num: true },
    { label: t("portal.invoices.col.pay"), stack: false },
  ];
  return (
    <ListTable caption={t("portal.invoices.caption")} columns={columns}>
      {rows.map((i) => (
        <tr key={i.id}>
          <th scope="row" className={s.nowrap}>
            <Link href={`/invoices/${i.id}`}>{i.number ?? t("portal.invoices.noNumber")}</Link>
          </th>
          <td className={s.nowrap}>{formatDay(i.created, locale)}</td>
          <td className={s.nowrap}>{formatDay(i.dueDate, locale)}</td>
          <td>
            <Badge tone={i.overdue ? "danger" : (statusTone[i.status as keyof typeof statusTone] ?? "neutral")}>
              {i.overdue ? t("portal.status.overdue") : invoiceStatusLabel(t, i.status)}
            </Badge>
          </td>
          <td className={s.num}>{formatAmount(i.total, i.currency, locale)}</td>
          <td className={s.num}>{formatAmount(i.amountRemaining, i.currency, locale)}</td>
          <td>
            {i.payUrl && (
              <ButtonLink
                variant="primary"
                className={s.nowrap}
                href={i.payUrl}
                aria-label={t("portal.invoices.payNumber", { number: i.number ?? t("portal.invoices.noNumber") })}
              >
                {t("portal.invoice.pay")}
              </ButtonLink>
            )}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
