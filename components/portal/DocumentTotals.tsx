import type { TotalRow } from "@/features/billing-display/total-row";
import { Card } from "@/components/ui";
import s from "./portal.module.css";

/**
 * A document's totals (an invoice's, a credit note's) as a card of label/value pairs, the
 * strong rows bold. `testId` and `markRows` add the test hooks the invoice page carries.
 */
export function DocumentTotals({ title, rows, testId, markRows = false }: { title: string; rows: TotalRow[]; testId?: string; markRows?: boolean }) {
  return (
    <Card title={title}>
      <dl className={s.totals} data-testid={testId}>
        {rows.map((r) => (
          <div key={r.key} style={{ display: "contents" }} data-total={markRows ? r.key : undefined}>
            <dt className={r.strong ? s.strong : undefined}>{r.label}</dt>
            <dd className={r.strong ? s.strong : undefined}>{r.value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
