import Link from "@/components/ui/Link";
import { Alert, Badge, Card, Table } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { statusTone } from "@/components/disputes/status-tone";
import type { ApprovalEvidence } from "@/features/corrections/approval/get-approval-evidence";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { formatDate, intlLocale, type Locale, type MessageKey, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";

/** The evidence a lead weighs before deciding: the claim, the recalculation, the files, the override, the customer's history. */
export function Evidence({ e, t, locale }: { e: ApprovalEvidence; t: Translate; locale: Locale }) {
  const money = (a: bigint, c: string) => formatMoney(a, c, intlLocale(locale));
  const day = (d: Date | null) => (d ? formatDate(locale, d) : "—");
  const r = e.recalculation;
  return (
    <>
      {e.override && (
        <Alert tone="warning">
          <p>
            <strong>{t("desk.corrections.evidence.override")}</strong> {e.override.reason}
          </p>
        </Alert>
      )}
      <Card title={t("desk.corrections.evidence.title")}>
        <div className={s.stack} data-testid="approval-evidence">
          {e.claim ? (
            <div>
              <h3>{t("desk.corrections.evidence.claim")}</h3>
              <blockquote className={s.body}>{e.claim.description}</blockquote>
              <p className={s.meta}>
                {t(`disputes.reason.${e.claim.reason}` as MessageKey)} · {t("desk.dispute.claimed", { amount: money(e.claim.claimedMinor, e.claim.currency) })}{" "}
                · {day(e.claim.openedAt)}
              </p>
            </div>
          ) : (
            <p className={s.meta}>{t("desk.corrections.evidence.noClaim")}</p>
          )}
          {r && (
            <Table caption={t("desk.corrections.evidence.recalc", { amount: money(r.differenceMinor, r.currency) })}>
              <thead>
                <tr>
                  <th scope="col">{t("desk.dispute.line")}</th>
                  <th scope="col" data-numeric>
                    {t("desk.corrections.evidence.original")}
                  </th>
                  <th scope="col" data-numeric>
                    {t("desk.corrections.evidence.recalculated")}
                  </th>
                  <th scope="col" data-numeric>
                    {t("desk.corrections.evidence.difference")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.changed.map((l) => (
                  <tr key={l.lineId}>
                    <td>
                      {l.description ?? l.lineId}
                      {l.status === "removed" ? ` (${t("desk.corrections.evidence.removed")})` : ""}
                    </td>
                    <td data-numeric>{money(l.original, r.currency)}</td>
                    <td data-numeric>{money(l.recalculated, r.currency)}</td>
                    <td data-numeric>{money(l.difference, r.currency)}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t("desk.dispute.total")}</th>
                  <td data-numeric>{money(r.originalTotal, r.currency)}</td>
                  <td data-numeric>{money(r.recalculatedTotal, r.currency)}</td>
                  <td data-numeric>
                    <strong>{money(r.differenceMinor, r.currency)}</strong>
                  </td>
                </tr>
              </tbody>
            </Table>
          )}
          <div>
            <h3>{t("desk.corrections.evidence.attachments")}</h3>
            {e.attachments.length === 0 ? (
              <p className={s.meta}>{t("desk.corrections.evidence.noAttachments")}</p>
            ) : (
              <ul className={s.files}>
                {e.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={`/api/attachments/${a.id}`} download>
                      {a.fileName}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <h3>{t("desk.corrections.evidence.history")}</h3>
            {e.history.disputes.length === 0 && e.history.corrections.length === 0 ? (
              <p className={s.meta}>{t("desk.corrections.evidence.noHistory")}</p>
            ) : (
              <ul className={s.files}>
                {e.history.disputes.map((d) => (
                  <li key={d.id}>
                    <Link href={`/desk/disputes/${d.id}`}>{formatDisputeNumber(d.number)}</Link> · {t(`disputes.reason.${d.reason}` as MessageKey)} ·{" "}
                    <Badge tone={statusTone(d.status)}>{t(`disputes.status.${d.status}` as MessageKey)}</Badge> · {day(d.createdAt)}
                  </li>
                ))}
                {e.history.corrections.map((c) => (
                  <li key={c.id}>
                    <Link href={`/desk/corrections/${c.id}`}>
                      {t(c.kind === "refund" ? "desk.corrections.kind.refund" : "desk.corrections.kind.credit_note")} · {money(c.amountMinor, c.currency)}
                    </Link>{" "}
                    · {day(c.issuedAt)}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      </Card>
    </>
  );
}
