"use client";
import { useActionState, useState } from "react";
import { Button, Field } from "@/components/ui";
import { SelectField, TextAreaField } from "@/components/forms/FormControls";
import { FileField } from "@/components/forms/FileField";
import { FormMessage, tr } from "@/components/forms/FormMessage";
import { guardUploads } from "@/components/forms/upload-guard";
import s from "@/components/ui/layout.module.css";
import d from "@/components/disputes/disputes.module.css";
import { openDisputeAction } from "@/features/disputes/actions";
import { createT, type Locale, type MessageKey } from "@/lib/i18n";

const guardedOpen = guardUploads(openDisputeAction);

type Line = { id: string; description: string; quantity: string; amount: string; taken: boolean; preselected: boolean; explanation: string | null };

export function OpenDisputeForm({
  locale,
  invoiceId,
  currency,
  reasons,
  lines,
}: {
  locale: Locale;
  invoiceId: string;
  currency: string;
  reasons: string[];
  lines: Line[];
}) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(guardedOpen, { status: "idle" });
  const [selected, setSelected] = useState(() => new Set(lines.filter((l) => l.preselected && !l.taken).map((l) => l.id)));
  const f = state.fields ?? {};
  const v = state.values ?? {};
  const selectedIds = lines.filter((l) => selected.has(l.id)).map((l) => l.id);
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <form action={action} noValidate>
      <FormMessage t={t} state={state} />
      <input type="hidden" name="invoiceId" value={invoiceId} />
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
                  {l.explanation && (
                    <span className={s.meta} style={{ display: "block", fontWeight: 400 }} data-explanation>
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
      <SelectField
        label={t("disputes.new.reason")}
        name="reason"
        key={`r-${state.at ?? 0}-${v.reason ?? ""}`}
        defaultValue={v.reason ?? ""}
        required
        error={tr(t, f.reason)}
      >
        <option value="" disabled>
          {t("disputes.new.chooseReason")}
        </option>
        {reasons.map((r) => (
          <option key={r} value={r}>
            {t(`disputes.reason.${r}` as MessageKey)}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        label={t("disputes.new.description")}
        hint={t("disputes.new.descriptionHint")}
        name="description"
        defaultValue={v.description}
        required
        maxLength={5000}
        error={tr(t, f.description)}
      />
      <FileField
        label={t("disputes.new.files")}
        hint={t("disputes.new.filesHint")}
        name="files"
        error={tr(t, f.files)}
        failed={state.status === "error"}
        chooseAgain={t("disputes.files.chooseAgain")}
      />
      <Button type="submit" disabled={pending}>
        {pending ? t("disputes.new.sending") : t("disputes.new.submit")}
      </Button>
    </form>
  );
}
