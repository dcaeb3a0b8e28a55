"use client";
import { useActionState } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { SelectField } from "@/components/forms/FormControls";
import { FormMessage, tr } from "@/components/forms/FormMessage";
import { createTariffAction, retireTariffAction } from "@/features/billing-audit/actions";
import { idle } from "@/lib/form-state";
import s from "@/components/ui/layout.module.css";
import { createT, type Locale } from "@/lib/i18n";

type Labels = Record<
  | "price"
  | "unit"
  | "unitHint"
  | "quantity"
  | "quantityHint"
  | "from"
  | "to"
  | "reason"
  | "add"
  | "retire"
  | "saved"
  | "scheme"
  | "schemeHint"
  | "perUnit"
  | "graduated"
  | "volume"
  | "tiers"
  | "tiersHint"
  | "tierUpTo"
  | "tierUnit"
  | "tierFlat",
  string
>;

/** Rows the form offers for tiers (the schema takes up to MAX_TIERS; a contract rarely has more than a few). */
const TIER_ROWS = 5;

export function AddTariffForm({
  locale,
  customerId,
  prices,
  labels,
}: {
  locale: Locale;
  customerId: string;
  prices: { id: string; label: string }[];
  labels: Labels;
}) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(createTariffAction, idle);
  const v = state.status === "error" ? (state.values ?? {}) : {};
  // Each field's own words beside it (any catalog key; an unknown one reads as the generic error).
  const err = (field: string) => tr(t, state.fields?.[field]);
  // A failed save keeps what was typed: React resets uncontrolled forms after an action.
  const key = state.at ?? 0;
  return (
    <form action={action} key={key}>
      {state.status === "error" && (
        <Alert tone="danger">
          <p>{tr(t, state.message)}</p>
        </Alert>
      )}
      {state.status === "ok" && (
        <Alert tone="success">
          <p>{labels.saved}</p>
        </Alert>
      )}
      <input type="hidden" name="customerId" value={customerId} />
      <SelectField label={labels.price} name="priceId" required defaultValue={v.priceId} error={err("priceId")}>
        {prices.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </SelectField>
      <SelectField label={labels.scheme} hint={labels.schemeHint} name="tiersMode" defaultValue={v.tiersMode ?? ""} error={err("tiersMode")}>
        <option value="">{labels.perUnit}</option>
        <option value="graduated">{labels.graduated}</option>
        <option value="volume">{labels.volume}</option>
      </SelectField>
      <Field label={labels.unit} hint={labels.unitHint} name="unitAmount" inputMode="decimal" defaultValue={v.unitAmount} error={err("unitAmount")} />
      <fieldset className={s.fieldset} aria-describedby={`${key}-tiers-hint`}>
        <legend className={s.legend}>{labels.tiers}</legend>
        <p id={`${key}-tiers-hint`} className={s.meta}>
          {labels.tiersHint}
        </p>
        {err("tiers") && (
          <p role="alert" className={s.meta}>
            {err("tiers")}
          </p>
        )}
        {Array.from({ length: TIER_ROWS }, (_, i) => {
          const tier = t("audit.tariffs.tierN", { n: i + 1 });
          const cell = (f: "upTo" | "unitAmount" | "flatAmount") => ({
            name: `tiers.${i}.${f}`,
            defaultValue: v[`tiers.${i}.${f}`],
            error: err(`tiers.${i}.${f}`),
          });
          return (
            <div key={i} className={s.lineInputs}>
              <Field label={`${tier} · ${labels.tierUpTo}`} inputMode="numeric" {...cell("upTo")} />
              <Field label={`${tier} · ${labels.tierUnit}`} inputMode="decimal" {...cell("unitAmount")} />
              <Field label={`${tier} · ${labels.tierFlat}`} inputMode="decimal" {...cell("flatAmount")} />
            </div>
          );
        })}
      </fieldset>
      <Field label={labels.quantity} hint={labels.quantityHint} name="quantity" inputMode="decimal" defaultValue={v.quantity} error={err("quantity")} />
      <Field label={labels.from} name="validFrom" type="date" required defaultValue={v.validFrom} error={err("validFrom")} />
      <Field label={labels.to} name="validTo" type="date" defaultValue={v.validTo} error={err("validTo")} />
      <Field label={labels.reason} name="reason" required minLength={3} defaultValue={v.reason} error={err("reason")} />
      <Button type="submit" disabled={pending}>
        {labels.add}
      </Button>
    </form>
  );
}

export function RetireTariffForm({ locale, customerId, tariffId, labels }: { locale: Locale; customerId: string; tariffId: string; labels: Labels }) {
  const [state, action, pending] = useActionState(retireTariffAction, idle);
  return (
    <form action={action}>
      <FormMessage t={createT(locale)} state={state} />
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="tariffId" value={tariffId} />
      <Field label={labels.reason} name="reason" required minLength={3} />
      <Button type="submit" disabled={pending}>
        {labels.retire}
      </Button>
    </form>
  );
}
