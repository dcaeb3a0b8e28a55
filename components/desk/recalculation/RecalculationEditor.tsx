"use client";
import { useActionState, useMemo, useState } from "react";
import { Alert, Badge, Button, ButtonLink, Card, Table } from "@/components/ui";
import { FormMessage, tr } from "@/components/forms/FormMessage";
import { recalculate, type InvoiceInput, type InvoiceResult } from "@/features/billing-math";
import { saveRecalculationAction } from "@/features/recalculation/actions";
import {
  applyTariffToDraft,
  localizeDraft,
  draftErrors,
  draftSchema,
  editsFromDraft,
  type Draft,
  type DraftDiscount,
  type TariffSuggestion,
} from "@/features/recalculation/draft";
import { idle } from "@/features/recalculation/form-state";
import { createT, intlLocale, type Locale, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import { formatQuantity } from "@/features/billing-display/format";
import { ComparisonHeads, NumHead } from "./heads";
import { Charged, ChargedHow, CheckedInput, Diff, NumberField, PairCell, type Check } from "./parts";
import s from "./recalc.module.css";

type LineMeta = { stripeId: string; description: string | null; disputed: boolean; proration: boolean };

export type EditorProps = {
  locale: Locale;
  disputeId: string;
  currency: string;
  input: InvoiceInput;
  stored: InvoiceResult;
  initialDraft: Draft;
  tariff: TariffSuggestion | null;
  lines: LineMeta[];
  closed: boolean;
};

export function RecalculationEditor(props: EditorProps) {
  const t = createT(props.locale);
  const money = (a: bigint) => formatMoney(a, props.currency, intlLocale(props.locale));
  // Russian writes decimals with a comma: the inputs start (and the tariff fills in) that way.
  const decimal = props.locale === "ru" ? "," : ".";
  const [draft, setDraft] = useState<Draft>(() => localizeDraft(props.initialDraft, decimal));
  const [tariffNote, setTariffNote] = useState<string | null>(null);
  const [state, action, pending] = useActionState(saveRecalculationAction, idle);

  // Live: the same schema and edit builder the server uses, then billing-math in the browser.
  const live = useMemo(() => {
    const parsed = draftSchema(props.currency).safeParse(draft);
    if (!parsed.success) return { errors: draftErrors(parsed.error), result: null };
    const edits = editsFromDraft(parsed.data, props.input, props.tariff);
    if (!edits.ok) return { errors: edits.fields, result: null };
    return { errors: {}, result: recalculate(props.input, edits.edits, { originalResult: props.stored }), edits: edits.edits.length };
  }, [draft, props.currency, props.input, props.stored, props.tariff]);
  const errors: Record<string, string> = { ...live.errors, ...(state.status === "error" ? (state.fields ?? {}) : {}) };
  const byLine = new Map(live.result?.lines.map((l) => [l.lineId, l]) ?? []);
  const storedByLine = new Map(props.stored.lines.map((l) => [l.id, l]));

  const setLine = (i: number, patch: Partial<Draft["lines"][number]>) =>
    setDraft((d) => ({ ...d, lines: d.lines.map((l, k) => (k === i ? { ...l, ...patch } : l)) }));
  // A plan or seat change is billed as two proration lines at one moment: moving its date moves both.
  const setProrationDate = (i: number, value: string) => {
    const p = props.input.lines[i]?.proration;
    const sameChange = (k: number) => {
      const q = props.input.lines[k]?.proration;
      return k === i || (!!p && !!q && q.prorationDate === p.prorationDate && q.periodEnd === p.periodEnd);
    };
    setDraft((d) => ({ ...d, lines: d.lines.map((l, k) => (sameChange(k) && l.prorationDate !== undefined ? { ...l, prorationDate: value } : l)) }));
  };
  const setLineDiscount = (i: number, k: number, value: string) =>
    setDraft((d) => ({ ...d, lines: d.lines.map((l, j) => (j === i ? { ...l, discounts: l.discounts.map((x, m) => (m === k ? { ...x, value } : x)) } : l)) }));
  const applyTariff = () => {
    if (!props.tariff) return;
    const n = props.tariff.lines.filter((l) => l.unitAmountDecimal !== null || l.quantity || l.tiered).length;
    const c = props.tariff.lines.reduce((a, l) => a + l.discounts.length, 0) + props.tariff.invoiceDiscounts.length;
    setDraft((d) => localizeDraft(applyTariffToDraft(d, props.tariff!, props.currency), decimal));
    setTariffNote(n + c === 0 ? t("desk.recalc.tariff.nothing") : t("desk.recalc.tariff.applied", { lines: n, coupons: c }));
  };
  const name = (i: number) => props.lines[i]?.description ?? `#${i + 1}`;
  const err = (path: string) => tr(t, errors[path]);
  // An input's error state: aria-invalid from the raw key, the message translated, its span's id where it has one.
  const check = (path: string, errorId?: string): Check => ({ invalid: !!errors[path], message: err(path), errorId });
  const labelOf = (d: DraftDiscount) =>
    d.kind === "percent"
      ? t("desk.recalc.discountPercent", { id: d.id })
      : t("desk.recalc.discountAmount", { id: d.id, currency: props.currency.toUpperCase() });

  return (
    <div className={s.stack}>
      <form action={action} noValidate className={s.stack}>
        <input type="hidden" name="disputeId" value={props.disputeId} />
        <input type="hidden" name="draft" value={JSON.stringify(draft)} />
        {props.tariff && (
          <Card title={t("desk.recalc.tariff.title")}>
            <p>{t("desk.recalc.tariff.hint")}</p>
            <div className={s.actions}>
              <Button variant="secondary" onClick={applyTariff} disabled={props.closed}>
                {t("desk.recalc.tariff.apply")}
              </Button>
              {tariffNote && <span role="status">{tariffNote}</span>}
            </div>
          </Card>
        )}
        {/* Compact cells so all seven columns fit the content width at desktop size. */}
        <div className={s.compact}>
          <Table caption={t("desk.recalc.linesCaption")}>
            <thead>
              <tr>
                <th scope="col">{t("desk.recalc.col.line")}</th>
                <NumHead>{t("desk.recalc.col.quantity")}</NumHead>
                <NumHead>{t("desk.recalc.col.unitAmount", { currency: props.currency.toUpperCase() })}</NumHead>
                <NumHead>{t("desk.recalc.col.discount")}</NumHead>
                <NumHead>{t("desk.recalc.col.tax")}</NumHead>
                <NumHead>{t("desk.recalc.col.amount")}</NumHead>
                <NumHead>{t("desk.recalc.col.difference")}</NumHead>
              </tr>
            </thead>
            <tbody>
              {draft.lines.map((dl, i) => {
                const o = storedByLine.get(dl.lineId);
                const c = byLine.get(dl.lineId);
                const base = props.input.lines[i];
                const r = c?.recalculated ?? null;
                const meta = props.lines[i];
                return (
                  <tr key={dl.lineId} className={dl.removed ? s.removed : undefined} data-testid={`recalc-line-${dl.lineId}`}>
                    <td className={s.lineName}>
                      <span className={s.lineTitle}>{meta?.description ?? dl.lineId}</span>
                      {/* Badges under the name, not beside it: the name column stays narrow. */}
                      <span className={s.badges}>
                        {meta?.disputed && <Badge tone="warning">{t("desk.dispute.disputed")}</Badge>}
                        {c && c.status !== "unchanged" && <Badge tone="info">{t(dl.removed ? "desk.recalc.removedBadge" : "desk.recalc.changedBadge")}</Badge>}
                      </span>
                      <label className={s.check}>
                        <input
                          type="checkbox"
                          checked={dl.removed}
                          onChange={(e) => setLine(i, { removed: e.target.checked })}
                          disabled={props.closed}
                          aria-label={t("desk.recalc.label.remove", { line: name(i) })}
                        />
                        {t("desk.recalc.remove")}
                      </label>
                      {dl.prorationDate !== undefined && (
                        <span className={s.changeDate}>
                          <label htmlFor={`pd-${i}`}>{t("desk.recalc.changeDate")}</label>
                          <CheckedInput
                            {...check(`lines.${i}.prorationDate`, `pd-err-${i}`)}
                            hint={{ id: `pd-hint-${i}`, text: t("desk.recalc.changeDateHint") }}
                            id={`pd-${i}`}
                            type="datetime-local"
                            step={1}
                            className={s.date}
                            value={dl.prorationDate}
                            onChange={(e) => setProrationDate(i, e.target.value)}
                            disabled={dl.removed || props.closed}
                            aria-label={t("desk.recalc.label.changeDate", { line: name(i) })}
                            data-testid={`recalc-change-date-${dl.lineId}`}
                          />
                        </span>
                      )}
                    </td>
                    <PairCell>
                      <Charged t={t}>{formatQuantity(String(base?.quantity ?? "1"), props.locale)}</Charged>
                      <CheckedInput
                        {...check(`lines.${i}.quantity`, `q-err-${i}`)}
                        className={`${s.num} ${s.qty}`}
                        inputMode="decimal"
                        value={dl.quantity}
                        onChange={(e) => setLine(i, { quantity: e.target.value })}
                        disabled={dl.removed || props.closed}
                        aria-label={t("desk.recalc.label.quantity", { line: name(i) })}
                      />
                    </PairCell>
                    <PairCell>
                      {props.initialDraft.lines[i]?.unitAmount ? (
                        <Charged t={t}>{localizeDraft(props.initialDraft, decimal).lines[i]?.unitAmount}</Charged>
                      ) : (
                        <ChargedHow t={t} how={!base?.price ? "desk.recalc.fixedAmount" : base.proration ? "desk.recalc.prorated" : "desk.recalc.byPrice"} />
                      )}
                      <CheckedInput
                        {...check(`lines.${i}.unitAmount`, `u-err-${i}`)}
                        className={s.num}
                        inputMode="decimal"
                        value={dl.unitAmount}
                        placeholder={dl.contractTiers ? t("desk.recalc.byContractTiers") : props.initialDraft.lines[i]?.unitAmount ? undefined : "—"}
                        onChange={(e) => setLine(i, { unitAmount: e.target.value })}
                        disabled={dl.removed || props.closed}
                        aria-label={t("desk.recalc.label.unitAmount", { line: name(i), currency: props.currency.toUpperCase() })}
                      />
                    </PairCell>
                    <PairCell>
                      <Charged t={t}>{o ? money(o.discountTotal) : "—"}</Charged>
                      {dl.discounts.map((d, k) => (
                        <span key={d.id} className={s.pair}>
                          <CheckedInput
                            {...check(`lines.${i}.discounts.${k}.value`)}
                            hint={{
                              text: (
                                <>
                                  {d.kind === "percent" ? "%" : props.currency.toUpperCase()}
                                  {d.added ? ` · ${t("desk.recalc.contractBadge")}` : ""}
                                </>
                              ),
                            }}
                            className={s.num}
                            inputMode="decimal"
                            value={d.value}
                            onChange={(e) => setLineDiscount(i, k, e.target.value)}
                            disabled={dl.removed || props.closed}
                            aria-label={`${labelOf(d)} · ${name(i)}`}
                            title={labelOf(d)}
                          />
                        </span>
                      ))}
                      <span className={s.nowrap}>{r ? money(r.discountTotal) : "—"}</span>
                    </PairCell>
                    <PairCell>
                      <Charged t={t}>{o ? money(o.exclusiveTax + o.inclusiveTax) : "—"}</Charged>
                      <span className={s.nowrap}>{r ? money(r.exclusiveTax + r.inclusiveTax) : c ? money(0n) : "—"}</span>
                    </PairCell>
                    <PairCell>
                      <Charged t={t}>{o ? money(o.total) : "—"}</Charged>
                      <strong className={s.nowrap}>{c ? money(c.total.recalculated) : "—"}</strong>
                    </PairCell>
                    <td data-numeric className={s.nowrap}>
                      {c ? <Diff value={c.total.difference} money={money} /> : "—"}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </div>

        {(draft.invoiceDiscounts.length > 0 || draft.taxRates.length > 0) && (
          <Card title={t("desk.recalc.invoiceLevel")}>
            <div className={s.grid}>
              {draft.invoiceDiscounts.map((d, k) => (
                <NumberField
                  key={d.id}
                  {...check(`invoiceDiscounts.${k}.value`, `inv-disc-err-${k}`)}
                  id={`inv-disc-${k}`}
                  label={
                    <>
                      {labelOf(d)}
                      {d.added ? ` · ${t("desk.recalc.contractBadge")}` : ""}
                    </>
                  }
                  value={d.value}
                  disabled={props.closed}
                  onChange={(value) => setDraft((x) => ({ ...x, invoiceDiscounts: x.invoiceDiscounts.map((y, m) => (m === k ? { ...y, value } : y)) }))}
                />
              ))}
              {draft.taxRates.map((r, k) => (
                <NumberField
                  key={r.id}
                  {...check(`taxRates.${k}.percentage`, `tax-err-${k}`)}
                  id={`tax-${k}`}
                  label={
                    <>
                      {t("desk.recalc.taxRate", { name: r.label ?? r.id })}
                      {r.inclusive ? ` · ${t("desk.recalc.inclusive")}` : ""}
                    </>
                  }
                  value={r.percentage}
                  disabled={props.closed}
                  onChange={(percentage) => setDraft((x) => ({ ...x, taxRates: x.taxRates.map((y, m) => (m === k ? { ...y, percentage } : y)) }))}
                />
              ))}
            </div>
          </Card>
        )}

        <Totals t={t} money={money} result={live.result} stored={props.stored} />

        <div className={s.field}>
          <label htmlFor="recalc-note">{t("desk.recalc.note")}</label>
          <textarea
            id="recalc-note"
            className={s.note}
            maxLength={2000}
            value={draft.note}
            onChange={(e) => setDraft((d) => ({ ...d, note: e.target.value }))}
            disabled={props.closed}
          />
          {err("note") && <span className={s.err}>{err("note")}</span>}
        </div>

        {!live.result && (
          <Alert tone="warning">
            <p>{t("desk.recalc.invalid")}</p>
          </Alert>
        )}
        <FormMessage t={t} state={state} />
        <div className={s.actions}>
          {live.result && (
            <p className={s.summary} aria-live="polite">
              <span>
                {t("desk.recalc.totals.total")}: {money(live.result.totals.total.original)} → <strong>{money(live.result.totals.total.recalculated)}</strong>
              </span>
              <span>
                {t("desk.recalc.col.difference")}: <Diff value={live.result.totals.total.difference} money={money} />
              </span>
            </p>
          )}
          <Button type="submit" disabled={pending || !live.result || props.closed}>
            {t("desk.recalc.save")}
          </Button>
        </div>
      </form>
      {/* Outside the form: the "not an error" proposal is a form of its own. */}
      {state.status === "ok" && state.saved && <SavedOutcome t={t} disputeId={props.disputeId} locale={props.locale} saved={state.saved} />}
    </div>
  );
}

function Totals({
  t,
  money,
  result,
  stored,
}: {
  t: Translate;
  money: (a: bigint) => string;
  result: ReturnType<typeof recalculate> | null;
  stored: InvoiceResult;
}) {
  const rows = [
    ["desk.recalc.totals.subtotal", "subtotal"],
    ["desk.recalc.totals.discount", "totalDiscount"],
    ["desk.recalc.totals.tax", "totalTax"],
    ["desk.recalc.totals.total", "total"],
  ] as const;
  return (
    <Table caption={t("desk.recalc.totalsCaption")}>
      <thead>
        <tr>
          <th scope="col">{t("desk.recalc.col.figure")}</th>
          <ComparisonHeads t={t} />
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, key]) => (
          <tr key={key} data-testid={`recalc-total-${key}`}>
            <th scope="row">{t(label)}</th>
            <td data-numeric>{money(stored[key])}</td>
            <td data-numeric>{result ? money(result.totals[key].recalculated) : "—"}</td>
            <td data-numeric>{result ? <Diff value={result.totals[key].difference} money={money} /> : "—"}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function SavedOutcome({
  t,
  disputeId,
  locale,
  saved,
}: {
  t: Translate;
  disputeId: string;
  locale: Locale;
  saved: { id: string; outcome: string; differenceMinor: string; currency: string };
}) {
  const amount = formatMoney(BigInt(saved.differenceMinor), saved.currency, intlLocale(locale));
  if (saved.outcome === "customer_right") {
    return (
      <Alert tone="success">
        <p>{t("desk.recalc.saved.right", { amount })}</p>
        <p>
          <ButtonLink variant="primary" href={`/desk/disputes/${disputeId}/corrections/new?recalculation=${saved.id}`}>
            {t("desk.recalc.proposeCorrection")}
          </ButtonLink>
        </p>
      </Alert>
    );
  }
  // The page re-renders with the "close as not an error" proposal under the saved list.
  return (
    <Alert tone="success">
      <p>{t("desk.recalc.saved.confirmed")}</p>
    </Alert>
  );
}
