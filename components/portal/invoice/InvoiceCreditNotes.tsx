import Link from "@/components/ui/Link";
import { formatDay, formatQuantity } from "@/features/billing-display/format";
import { creditNoteReasonText } from "@/features/credit-notes/credit-note-cause";
import type { Locale, Translate } from "@/lib/i18n";
import type { InvoiceDetail } from "@/features/invoices/get-invoice-detail";
import s from "@/components/portal/portal.module.css";

/** The credit notes issued against the invoice, with their lines. */
export function InvoiceCreditNotes({ d, t, locale, money }: { d: InvoiceDetail; t: Translate; locale: Locale; money: (a: bigint) => string }) {
  return (
    <section>
      <h2>{t("portal.invoice.creditNotes")}</h2>
      {d.creditNotes.length === 0 ? (
        <p className={s.muted}>{t("portal.invoice.noCreditNotes")}</p>
      ) : (
        <ul className={s.list}>
          {d.creditNotes.map((cn) => (
            <li key={cn.id}>
              <Link href={`/credit-notes/${cn.id}`}>{cn.number ?? cn.id}</Link> · {formatDay(cn.created, locale)} · {creditNoteReasonText(t, cn)} ·{" "}
              <strong>{money(cn.total)}</strong>
              {cn.lines.map((l, i) => (
                <span key={i} className={s.sub}>
                  {l.description ?? "—"}
                  {l.quantity ? ` × ${formatQuantity(l.quantity, locale)}` : ""}: {money(l.amount)}
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
