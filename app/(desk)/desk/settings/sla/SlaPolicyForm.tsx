"use client";
import { useActionState } from "react";
import { Button, Field } from "@/components/ui";
import { TextAreaField } from "@/components/forms/FormControls";
import { FormMessage, tr } from "@/components/forms/FormMessage";
import s from "@/components/ui/layout.module.css";
import { updateSlaPolicyAction } from "@/features/disputes/actions";
import type { SlaPolicy } from "@/features/disputes/sla";
import { createT, isMessageKey, type Locale, type MessageKey } from "@/lib/i18n";

const hhmm = (m: number) => (m === 1440 ? "24:00" : `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);

export function SlaPolicyForm({ locale, policy, disabled }: { locale: Locale; policy: SlaPolicy; disabled: boolean }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(updateSlaPolicyAction, { status: "idle" });
  const f = state.fields ?? {};
  // After a refused save the form shows what was typed (React resets it), not the stored policy.
  const v = state.status === "error" ? state.values : undefined;
  const shown = {
    timezone: v?.timezone ?? policy.timezone,
    days: v ? (v.businessDays ?? "").split(",").filter(Boolean).map(Number) : policy.businessDays,
    start: v?.start ?? hhmm(policy.startMinute),
    end: v?.end ?? hhmm(Math.min(policy.endMinute, 1439)),
    firstResponseHours: v?.firstResponseHours ?? String(policy.firstResponseMinutes / 60),
    resolutionHours: v?.resolutionHours ?? String(policy.resolutionMinutes / 60),
    dueSoonMinutes: v?.dueSoonMinutes ?? String(policy.dueSoonMinutes),
    holidays: v?.holidays ?? policy.holidays.join("\n"),
  };
  const holidayError = Object.entries(f).find(([k]) => k.startsWith("holidays"))?.[1];
  const bad = (k: string) => (f[k] ? t("desk.slaPolicy.invalid") : undefined);
  return (
    <form action={action} noValidate key={state.at ?? 0}>
      <FormMessage t={t} state={state} success={t("desk.dispute.saved")} />
      <fieldset disabled={disabled} className={s.fieldset}>
        <Field label={t("desk.slaPolicy.timezone")} name="timezone" defaultValue={shown.timezone} error={bad("timezone")} />
        <fieldset className={s.fieldset}>
          <legend className={s.legend}>{t("desk.slaPolicy.days")}</legend>
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <label key={d} className={s.radio}>
              <input type="checkbox" name="businessDays" value={d} defaultChecked={shown.days.includes(d)} /> {t(`desk.slaPolicy.day${d}` as MessageKey)}
            </label>
          ))}
          {f.businessDays && (
            <p className={s.meta} role="alert">
              {isMessageKey(f.businessDays) ? t(f.businessDays) : t("desk.slaPolicy.invalid")}
            </p>
          )}
        </fieldset>
        <div className={s.lineInputs}>
          <Field label={t("desk.slaPolicy.start")} name="start" type="time" defaultValue={shown.start} error={bad("startMinute")} />
          <Field label={t("desk.slaPolicy.end")} name="end" type="time" defaultValue={shown.end} error={bad("endMinute")} />
          <Field
            label={t("desk.slaPolicy.firstResponse")}
            name="firstResponseHours"
            inputMode="decimal"
            defaultValue={shown.firstResponseHours}
            error={bad("firstResponseMinutes")}
          />
          <Field
            label={t("desk.slaPolicy.resolution")}
            name="resolutionHours"
            inputMode="decimal"
            defaultValue={shown.resolutionHours}
            error={bad("resolutionMinutes")}
          />
          <Field
            label={t("desk.slaPolicy.dueSoon")}
            name="dueSoonMinutes"
            inputMode="numeric"
            defaultValue={shown.dueSoonMinutes}
            error={bad("dueSoonMinutes")}
          />
        </div>
        <TextAreaField
          label={t("desk.slaPolicy.holidays")}
          name="holidays"
          rows={3}
          defaultValue={shown.holidays}
          error={holidayError ? tr(t, holidayError) : undefined}
        />
        <Button type="submit" disabled={pending || disabled}>
          {t("desk.slaPolicy.save")}
        </Button>
      </fieldset>
    </form>
  );
}
