"use client";
import { useActionState } from "react";
import { Button, Field } from "@/components/ui";
import { FormMessage, tr } from "@/components/disputes/FormMessage";
import s from "@/components/disputes/disputes.module.css";
import { updateThresholdsAction } from "@/features/corrections/actions";
import { idleCorrection } from "@/features/corrections/form-state";
import { createT, type Locale } from "@/lib/i18n";

export function ThresholdsForm({ locale, rows }: { locale: Locale; rows: { currency: string; amount: string }[] }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(updateThresholdsAction, idleCorrection);
  return (
    <form action={action} noValidate className={s.stack}>
      <FormMessage t={t} state={state} success={t("desk.corrections.thresholdsSaved")} />
      <div className={s.filters}>
        {rows.map((r) => (
          <Field key={r.currency} label={r.currency.toUpperCase()} name={`t:${r.currency}`} inputMode="decimal" defaultValue={state.values?.[`t:${r.currency}`] ?? r.amount} error={tr(t, state.fields?.[r.currency])} />
        ))}
      </div>
      <Field label={t("desk.corrections.thresholdsReason")} name="reason" defaultValue={state.values?.reason ?? ""} />
      <Button type="submit" variant="secondary" disabled={pending}>{t("desk.corrections.thresholdsSave")}</Button>
    </form>
  );
}
