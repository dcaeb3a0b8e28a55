"use client";
import { useActionState, useId } from "react";
import { Button, Field } from "@/components/ui";
import { SelectField } from "@/components/forms/FormControls";
import { FormMessage, tr } from "@/components/forms/FormMessage";
import s from "@/components/ui/layout.module.css";
import { addThresholdAction, decideThresholdChangeAction, removeThresholdAction, updateThresholdsAction } from "@/features/corrections/actions";
import { idleCorrection } from "@/features/corrections/form-state";
import { createT, type Locale } from "@/lib/i18n";

export function ThresholdsForm({ locale, rows }: { locale: Locale; rows: { currency: string; amount: string }[] }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(updateThresholdsAction, idleCorrection);
  return (
    <form action={action} noValidate className={s.stack}>
      <FormMessage
        t={t}
        state={state}
        success={state.message === "desk.corrections.thresholdHeld" ? t("desk.corrections.thresholdHeld") : t("desk.corrections.thresholdsSaved")}
      />
      <div className={s.filters}>
        {rows.map((r) => (
          <Field
            key={r.currency}
            label={r.currency.toUpperCase()}
            name={`t:${r.currency}`}
            inputMode="decimal"
            defaultValue={state.values?.[`t:${r.currency}`] ?? r.amount}
            error={tr(t, state.fields?.[r.currency])}
          />
        ))}
      </div>
      <Field label={t("desk.corrections.thresholdsReason")} name="reason" defaultValue={state.values?.reason ?? ""} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {t("desk.corrections.thresholdsSave")}
      </Button>
    </form>
  );
}

/** A threshold for a currency not listed yet: an ISO 4217 code and an amount in that currency. */
export function AddThresholdForm({ locale }: { locale: Locale }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(addThresholdAction, idleCorrection);
  const heading = useId();
  const v = state.values ?? {};
  return (
    <section aria-labelledby={heading} className={s.stack}>
      <h3 id={heading}>{t("desk.corrections.thresholdAdd")}</h3>
      <form action={action} noValidate className={s.stack}>
        <FormMessage t={t} state={state} success={t("desk.corrections.thresholdHeld")} />
        <Field
          label={t("desk.corrections.thresholdCurrency")}
          hint={t("desk.corrections.thresholdCurrencyHint")}
          name="currency"
          maxLength={3}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          defaultValue={v.currency ?? ""}
          error={tr(t, state.fields?.currency)}
        />
        <Field
          label={t("desk.corrections.thresholdAmount")}
          hint={t("desk.corrections.thresholdAmountHint")}
          name="amount"
          inputMode="decimal"
          defaultValue={v.amount ?? ""}
          error={tr(t, state.fields?.amount)}
        />
        <Field label={t("desk.corrections.thresholdsReason")} name="reason" defaultValue={v.reason ?? ""} error={tr(t, state.fields?.reason)} />
        <div className={s.actions}>
          <Button type="submit" variant="secondary" disabled={pending}>
            {t("desk.corrections.thresholdAddButton")}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** Removing is the strict side: the currency then always needs a lead's approval. */
export function RemoveThresholdForm({ locale, currencies }: { locale: Locale; currencies: string[] }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(removeThresholdAction, idleCorrection);
  const heading = useId();
  const v = state.values ?? {};
  return (
    <section aria-labelledby={heading} className={s.stack}>
      <h3 id={heading}>{t("desk.corrections.thresholdRemove")}</h3>
      <p className={s.meta}>{t("desk.corrections.thresholdRemoveHint")}</p>
      <form action={action} noValidate className={s.stack}>
        <FormMessage t={t} state={state} success={t("desk.corrections.thresholdRemoved")} />
        <SelectField label={t("desk.corrections.thresholdCurrency")} name="currency" defaultValue={v.currency ?? ""} error={tr(t, state.fields?.currency)}>
          <option value="">{t("desk.corrections.thresholdChoose")}</option>
          {currencies.map((c) => (
            <option key={c} value={c}>
              {c.toUpperCase()}
            </option>
          ))}
        </SelectField>
        <Field label={t("desk.corrections.thresholdsReason")} name="reason" defaultValue={v.reason ?? ""} error={tr(t, state.fields?.reason)} />
        <div className={s.actions}>
          <Button type="submit" variant="secondary" disabled={pending || currencies.length === 0}>
            {t("desk.corrections.thresholdRemoveButton")}
          </Button>
        </div>
      </form>
    </section>
  );
}

type Change = { id: string; currency: string; from: string | null; to: string; requester: string; reason: string | null; requestedAt: string; mine: boolean };

/**
 * A threshold raise waiting for its second pair of eyes. Another lead or an admin approves or
 * rejects it with a reason; the requester can only withdraw it.
 */
export function ThresholdChangeDecision({ locale, change }: { locale: Locale; change: Change }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(decideThresholdChangeAction, idleCorrection);
  const heading = useId();
  return (
    <section aria-labelledby={heading} className={s.stack}>
      <h3 id={heading}>
        {t("desk.corrections.thresholdChangeTitle", {
          currency: change.currency.toUpperCase(),
          from: change.from ?? t("desk.corrections.thresholdNone"),
          to: change.to,
        })}
      </h3>
      <p className={s.meta}>
        {t("desk.corrections.thresholdChangeBy", { name: change.requester, at: change.requestedAt })}
        {change.reason ? ` · ${change.reason}` : ""}
      </p>
      <form action={action} noValidate className={s.stack}>
        {/* Only errors show here: once decided, the request leaves the list and this form with it. */}
        <FormMessage t={t} state={state} />
        <input type="hidden" name="changeId" value={change.id} />
        <Field
          label={t("desk.corrections.thresholdDecisionReason")}
          name="reason"
          defaultValue={state.values?.reason ?? ""}
          error={tr(t, state.fields?.reason)}
        />
        <div className={s.actions}>
          {change.mine ? (
            <p className={s.meta}>{t("desk.corrections.thresholdOwn")}</p>
          ) : (
            <Button type="submit" name="decision" value="approve" disabled={pending}>
              {t("desk.corrections.thresholdApprove")}
            </Button>
          )}
          <Button type="submit" name="decision" value="reject" variant="secondary" disabled={pending}>
            {t(change.mine ? "desk.corrections.thresholdWithdraw" : "desk.corrections.thresholdReject")}
          </Button>
        </div>
      </form>
    </section>
  );
}
