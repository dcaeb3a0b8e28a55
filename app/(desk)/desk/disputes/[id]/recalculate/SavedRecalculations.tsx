import { Badge, ButtonLink, Card, Table } from "@/components/ui";
import type { getRecalculationPage } from "@/features/recalculation/get-recalculation-page";
import type { Translate } from "@/lib/i18n";
import { ComparisonHeads } from "@/components/desk/recalculation/heads";
import s from "@/components/desk/recalculation/recalc.module.css";

type Page = Awaited<ReturnType<typeof getRecalculationPage>>;

/** The dispute's saved recalculations, newest first, with the next step of each. */
export function SavedRecalculations({
  p,
  t,
  money,
  when,
}: {
  p: Pick<Page, "saved" | "closed" | "dispute">;
  t: Translate;
  money: (a: bigint, currency?: string) => string;
  when: (d: Date) => string;
}) {
  return (
    <>
      {p.saved.length === 0 ? (
        <Card title={t("desk.recalc.savedTitle")}>
          <p>{t("desk.recalc.savedNone")}</p>
        </Card>
      ) : (
        <div className={s.compact}>
          <Table caption={t("desk.recalc.savedTitle")}>
            <thead>
              <tr>
                <th scope="col">{t("desk.recalc.col.when")}</th>
                <th scope="col">{t("desk.recalc.col.by")}</th>
                <ComparisonHeads t={t} />
                <th scope="col">{t("desk.recalc.col.outcome")}</th>
                <th scope="col">{t("desk.recalc.col.next")}</th>
              </tr>
            </thead>
            <tbody>
              {p.saved.map((r) => (
                <tr key={r.id} data-testid={`recalculation-${r.id}`}>
                  <td className={s.nowrap}>
                    <time dateTime={r.createdAt.toISOString()}>{when(r.createdAt)}</time>
                  </td>
                  <td>
                    {r.createdBy ?? "—"}
                    {r.note && <div className={`${s.orig} ${s.savedNote}`}>{r.note}</div>}
                  </td>
                  <td data-numeric className={s.nowrap}>
                    {money(r.originalTotal, r.currency)}
                  </td>
                  <td data-numeric className={s.nowrap}>
                    {money(r.recalculatedTotal, r.currency)}
                  </td>
                  <td data-numeric className={s.nowrap}>
                    {money(r.differenceMinor, r.currency)}
                  </td>
                  <td>
                    <Badge tone={r.outcome === "customer_right" ? "warning" : "success"}>{t(`desk.recalc.outcome.${r.outcome}`)}</Badge>
                    {r.tariffApplied && (
                      <>
                        {" "}
                        <Badge tone="info">{t("desk.recalc.contractBadge")}</Badge>
                      </>
                    )}
                  </td>
                  <td>
                    {r.corrections > 0 ? (
                      t("desk.recalc.correctionExists")
                    ) : r.outcome === "customer_right" && !p.closed ? (
                      <ButtonLink variant="secondary" className={s.nextLink} href={`/desk/disputes/${p.dispute.id}/corrections/new?recalculation=${r.id}`}>
                        {t("desk.recalc.proposeCorrection")}
                      </ButtonLink>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </>
  );
}
