import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { Alert, Badge, ButtonLink, Card, EmptyState, Table } from "@/components/ui";
import s from "@/components/portal/portal.module.css";
import { forCustomerPage } from "@/features/billing-display/portal-access";
import { formatAmount, formatDay } from "@/features/billing-display/format";
import { invoiceStatusLabel } from "@/features/billing-display/labels";
import { invoiceStatuses, parseInvoiceFilters, type InvoiceFilters } from "@/features/invoices/invoice-filters";
import { listInvoices } from "@/features/invoices/list-invoices";
import { translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "portal.invoices.title") };
}

type Params = Record<string, string | string[] | undefined>;

const query = (f: InvoiceFilters, extra: Partial<InvoiceFilters> = {}) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, cursor: undefined, ...extra })) if (v) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
};

export default async function InvoicesPage({ searchParams }: { searchParams: Promise<Params> }) {
  const filters = parseInvoiceFilters(await searchParams);
  const [{ t, locale }, page] = await Promise.all([getT(), forCustomerPage((customerIds, db) => listInvoices(db, { customerIds, filters }))]);
  const filtered = !!(filters.status || filters.from || filters.to || filters.q);
  // ISO days compare as strings: a start after the end can match nothing, so say why.
  const reversed = !!(filters.from && filters.to && filters.from > filters.to);
  const statusTone = { OPEN: "warning", PAID: "success", VOID: "neutral", UNCOLLECTIBLE: "danger" } as const;
  return (
    <div className={s.page}>
      <div className={s.head}>
        <h1>{t("portal.invoices.title")}</h1>
        <ButtonLink href={`/invoices/csv${query(filters)}`} download>
          {t("portal.invoices.exportCsv")}
        </ButtonLink>
      </div>
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
            <select name="sort" defaultValue={page.sort}>
              <option value="created">{t("portal.invoices.sortCreated")}</option>
              <option value="amount">{t("portal.invoices.sortAmount")}</option>
              <option value="due">{t("portal.invoices.sortDue")}</option>
            </select>
          </label>
          <label className={s.control}>
            {t("portal.invoices.dir")}
            <select name="dir" defaultValue={page.dir}>
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
      {reversed && (
        <Alert tone="danger">
          <p id="range-error">
            {t("portal.invoices.reversedRange", {
              from: formatDay(new Date(`${filters.from}T00:00:00Z`), locale),
              to: formatDay(new Date(`${filters.to}T00:00:00Z`), locale),
            })}
          </p>
        </Alert>
      )}
      {page.items.length === 0 ? (
        <Card>
          {filtered ? (
            <EmptyState title={t("portal.invoices.emptyFilteredTitle")} action={<ButtonLink href="/invoices">{t("portal.invoices.reset")}</ButtonLink>}>
              <p>{t("portal.invoices.emptyFilteredBody")}</p>
            </EmptyState>
          ) : (
            <EmptyState title={t("portal.invoices.emptyTitle")}>
              <p>{t("portal.invoices.emptyBody")}</p>
            </EmptyState>
          )}
        </Card>
      ) : (
        <Table
          caption={t("portal.invoices.caption")}
          stackLabels={[
            t("portal.invoices.col.number"),
            t("portal.invoices.col.issued"),
            t("portal.invoices.col.due"),
            t("portal.invoices.col.status"),
            t("portal.invoices.col.total"),
            t("portal.invoices.col.remaining"),
          ]}
        >
          <thead>
            <tr>
              <th scope="col">{t("portal.invoices.col.number")}</th>
              <th scope="col">{t("portal.invoices.col.issued")}</th>
              <th scope="col">{t("portal.invoices.col.due")}</th>
              <th scope="col">{t("portal.invoices.col.status")}</th>
              <th scope="col" className={s.num}>
                {t("portal.invoices.col.total")}
              </th>
              <th scope="col" className={s.num}>
                {t("portal.invoices.col.remaining")}
              </th>
              <th scope="col">{t("portal.invoices.col.pay")}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((i) => (
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
          </tbody>
        </Table>
      )}
      {(page.nextCursor || !page.isFirstPage) && (
        <nav className={s.pager} aria-label={t("portal.invoices.pagination")}>
          {!page.isFirstPage ? (
            <span className={s.actions}>
              <Link href={`/invoices${query(filters)}`}>{t("portal.invoices.first")}</Link>
              {page.prevCursor && (
                <Link href={`/invoices${query(filters, { cursor: page.prevCursor })}`} rel="prev">
                  {t("portal.invoices.prev")}
                </Link>
              )}
            </span>
          ) : (
            <span />
          )}
          {page.nextCursor && (
            <Link href={`/invoices${query(filters, { cursor: page.nextCursor })}`} rel="next">
              {t("portal.invoices.next")}
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
