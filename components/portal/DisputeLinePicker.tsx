"use client";
import { useState } from "react";
import { Field } from "@/components/ui";
import { tr } from "@/components/forms/FormMessage";
import s from "@/components/ui/layout.module.css";
import d from "@/components/disputes/disputes.module.css";
import type { Translate } from "@/lib/i18n";

/** An invoice line the customer may dispute; `taken` when another open dispute already claims it. */
export type DisputeLineOption = {
  id: string;
  description: string;
  quantity: string;
  amount: string;
  taken: boolean;
  preselected: boolean;
  /** The line's arithmetic in words (a proration's days, a tier breakdown), when it can be explained exactly. */
  explanation: string | null;
  /** A metered line's usage for its period, as on the invoice page. */
  usage?: string | null;
};

export type DisputeLinePickerProps = {
  t: Translate;
  currency: string;
  lines: DisputeLineOption[];
  /** Field errors by name (`lines`, `lines.<index>.expectedQuantity`, …) and the values sent, from the action's state. */
  fields: Record<string, string | undefined>;
  values: Record<string, string | undefined>;
};

/** The lines fieldset of the open-dispute form: a checkbox a line, and for each chosen line what the customer expected. */
export function DisputeLinePicker({ t, currency, lines, fields: f, values: v }: DisputeLinePickerProps) {
  const [selected, setSelected] = useState(() => new Set(lines.filter((l) => l.preselected && !l.taken).map((l) => l.id)));
  const selectedIds = lines.filter((l) => selected.has(l.id)).map((l) => l.id);
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <fieldset className={s.fieldset} aria-describedby="lines-hint">
      <legend className={s.legend}>{t("disputes.new.lines")}</legend>
      <p id="lines-hint" className={s.meta}>
        {t("disputes.new.linesHint")}
      </p>
      {f.lines && (
        <p className={s.meta} role="alert">
          {tr(t, f.lines)}
        </p>
      )}
      {lines.map((l) => {
        const index = selectedIds.indexOf(l.id);
        return (
          <div key={l.id} className={s.lineBox}>
            <label className={d.lineHead}>
              <input type="checkbox" name="lineId" value={l.id} checked={selected.has(l.id)} disabled={l.taken} onChange={() => toggle(l.id)} />
              <span>
                {l.description}
                <span className={s.meta}> — {t("disputes.new.billed", { quantity: l.quantity, amount: l.amount })}</span>
                {l.taken && <span className={s.meta}> · {t("disputes.err.lineAlreadyDisputed")}</span>}
                {l.usage && (
                  <span className={`${s.meta} ${d.lineExplanation}`} data-usage>
                    {l.usage}
                  </span>
                )}
                {l.explanation && (
                  <span className={`${s.meta} ${d.lineExplanation}`} data-explanation>
                    {l.explanation}
                  </span>
                )}
              </span>
            </label>
            {selected.has(l.id) && (
              <div className={s.lineInputs}>
                <Field
                  label={t("disputes.new.expectedQuantity")}
                  name={`expectedQuantity:${l.id}`}
                  defaultValue={v[`expectedQuantity:${l.id}`]}
                  inputMode="decimal"
                  autoComplete="off"
                  error={tr(t, f[`lines.${index}.expectedQuantity`])}
                />
                <Field
                  label={t("disputes.new.expectedAmount", { currency })}
                  name={`expectedAmount:${l.id}`}
                  defaultValue={v[`expectedAmount:${l.id}`]}
                  inputMode="decimal"
                  autoComplete="off"
                  error={tr(t, f[`lines.${index}.expectedAmount`])}
                />
              </div>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
