"use client";
import { useRouter } from "next/navigation";
import { useActionState, type FormEvent } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { SelectField, TextAreaField } from "@/components/forms/FormControls";
import { FormMessage, tr } from "@/components/forms/FormMessage";
import s from "@/components/ui/layout.module.css";
import { createCorrectionAction } from "@/features/corrections/actions";
import { idleCorrection, type CorrectionFormState } from "@/features/corrections/form-state";
import { createT, type Locale, type Translate } from "@/lib/i18n";

type Option = { value: string; label: string };

/**
 * The preview button (data-preview) navigates to `path` with the typed values only: React's action fields ($…) and the
 * names in `omit` stay out of the URL; without JavaScript the plain GET does the same, a little noisier.
 */
function usePreviewSubmit(path: string, omit: readonly string[]) {
  const router = useRouter();
  return (e: FormEvent<HTMLFormElement>) => {
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (!submitter?.dataset.preview) return;
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, val] of new FormData(e.currentTarget)) if (typeof val === "string" && !k.startsWith("$") && !omit.includes(k)) q.append(k, val);
    router.push(`${path}?${q}`);
  };
}
type Values = { mode: string; memo: string; reason: string; rootCause: string; refund: string; credit: string; outOfBand: string };

/**
 * One form, two buttons: "Update preview" reloads the page with the typed values (a GET, so
 * Stripe previews exactly them); "Submit" sends them to the server action.
 */
export function CorrectionForm(props: {
  locale: Locale;
  path: string;
  recalculationId: string;
  currency: string;
  values: Values;
  showSplit: boolean;
  postPayment: string;
  fieldErrors: Record<string, string>;
  reasons: Option[];
  rootCauses: Option[];
  canSubmit: boolean;
  needsApproval: boolean;
}) {
  const t = createT(props.locale);
  const [state, submit, pending] = useActionState(createCorrectionAction, idleCorrection);
  const v = state.status === "error" && state.values ? { ...props.values, ...state.values } : props.values;
  const f = { ...props.fieldErrors, ...(state.fields ?? {}) };
  const onSubmit = usePreviewSubmit(props.path, ["recalculationId", "kind"]);
  return (
    <form method="get" action={props.path} noValidate className={s.stack} onSubmit={onSubmit}>
      <FormHead t={t} state={state} />
      <input type="hidden" name="recalculation" value={props.recalculationId} />
      <input type="hidden" name="recalculationId" value={props.recalculationId} />
      <input type="hidden" name="kind" value="credit_note" />
      <SelectField label={t("desk.corrections.mode")} name="mode" defaultValue={v.mode} hint={t("desk.corrections.modeHint")}>
        <option value="invoice_line">{t("desk.corrections.mode.invoice_line")}</option>
        <option value="custom">{t("desk.corrections.mode.custom")}</option>
      </SelectField>
      {props.showSplit && (
        <fieldset className={s.fieldset}>
          <legend className={s.legend}>{t("desk.corrections.split", { amount: props.postPayment })}</legend>
          <Field label={t("desk.corrections.refund")} name="refund" inputMode="decimal" defaultValue={v.refund} error={tr(t, f.refund)} />
          <Field label={t("desk.corrections.credit")} name="credit" inputMode="decimal" defaultValue={v.credit} error={tr(t, f.credit)} />
          <Field label={t("desk.corrections.outOfBand")} name="outOfBand" inputMode="decimal" defaultValue={v.outOfBand} error={tr(t, f.outOfBand)} />
          {f.split && (
            <Alert tone="danger">
              <p>{tr(t, f.split)}</p>
            </Alert>
          )}
        </fieldset>
      )}
      <SelectField label={t("desk.corrections.reason")} name="reason" defaultValue={v.reason} hint={t("desk.corrections.reasonHint")}>
        <option value="">{t("desk.corrections.noReason")}</option>
        {props.reasons.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </SelectField>
      <FormTail
        t={t}
        rootCauses={props.rootCauses}
        values={v}
        errors={f}
        memoHint={t("desk.corrections.memoHint")}
        previewLabel={t("desk.corrections.updatePreview")}
        submit={submit}
        submitDisabled={pending || !props.canSubmit}
        submitLabel={props.needsApproval ? t("desk.corrections.submitForApproval") : t("desk.corrections.submitAndIssue")}
      />
    </form>
  );
}

type ChargeGroup = { label: string; options: Option[] };

/**
 * Refund-only: "Preview refund" reloads the page with the typed charge and amount (a GET, so
 * the server computes the preview from synced data); "Submit refund" sends them to the action.
 * The charges come grouped by what they are to the invoice; nothing is chosen unless the audit
 * detected the duplicate. A charge that is not a duplicate (the only payment of a paid invoice)
 * shows the override: a checkbox and a required reason, both checked again on the server.
 */
export function RefundForm(props: {
  locale: Locale;
  path: string;
  disputeId: string;
  groups: ChargeGroup[];
  rootCauses: Option[];
  needsOverride: boolean;
  solePaymentOf: string | null;
  values: { chargeStripeId: string; amount: string; rootCause: string; memo: string; override: string; overrideReason: string };
}) {
  const t = createT(props.locale);
  const [state, submit, pending] = useActionState(createCorrectionAction, idleCorrection);
  const v = state.status === "error" && state.values ? { ...props.values, ...state.values } : props.values;
  const f = state.fields ?? {};
  const onSubmit = usePreviewSubmit(props.path, ["disputeId"]);
  const any = props.groups.some((g) => g.options.length > 0);
  const showOverride = props.needsOverride || !!f.override || !!f.overrideReason;
  return (
    <form method="get" action={props.path} noValidate className={s.stack} onSubmit={onSubmit}>
      <FormHead t={t} state={state} />
      <input type="hidden" name="kind" value="refund" />
      <input type="hidden" name="disputeId" value={props.disputeId} />
      <SelectField
        label={t("desk.corrections.charge")}
        name="chargeStripeId"
        defaultValue={v.chargeStripeId}
        error={tr(t, f.chargeStripeId)}
        hint={t("desk.corrections.chargeHint")}
      >
        <option value="">{t("desk.corrections.chooseCharge")}</option>
        {props.groups
          .filter((g) => g.options.length)
          .map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ))}
      </SelectField>
      <Field label={t("desk.corrections.refundAmount")} name="amount" inputMode="decimal" defaultValue={v.amount} error={tr(t, f.amount)} required />
      {showOverride && (
        <fieldset className={s.fieldset} data-testid="refund-override">
          <legend className={s.legend}>{t("desk.corrections.overrideLegend")}</legend>
          <Alert tone="warning">
            <p>{props.solePaymentOf ? t("desk.corrections.overrideWhy", { invoice: props.solePaymentOf }) : t("desk.corrections.err.notDuplicate")}</p>
          </Alert>
          <p>
            <label>
              <input type="checkbox" name="override" value="on" defaultChecked={v.override === "on"} aria-invalid={f.override ? true : undefined} />{" "}
              {t("desk.corrections.overrideConfirm")}
            </label>
          </p>
          {f.override && (
            <p className={s.meta} role="alert">
              {tr(t, f.override)}
            </p>
          )}
          <TextAreaField
            label={`${t("desk.corrections.overrideReason")} (${t("common.required")})`}
            hint={t("desk.corrections.overrideReasonHint")}
            name="overrideReason"
            rows={3}
            maxLength={1000}
            required
            defaultValue={v.overrideReason}
            error={tr(t, f.overrideReason)}
          />
        </fieldset>
      )}
      <FormTail
        t={t}
        rootCauses={props.rootCauses}
        values={v}
        errors={f}
        memoHint={t("desk.corrections.memoHintRefund")}
        previewLabel={t("desk.corrections.previewRefund")}
        submit={submit}
        submitDisabled={pending || !any}
        submitLabel={t("desk.corrections.submitRefund")}
      />
    </form>
  );
}

/** The action's outcome above either form: its message and, when Stripe refused, what Stripe said. */
function FormHead({ t, state }: { t: Translate; state: CorrectionFormState }) {
  return (
    <>
      <FormMessage t={t} state={state} />
      {state.detail && (
        <Alert tone="danger">
          <p>
            {t("desk.corrections.stripeSaid")}: {state.detail}
          </p>
        </Alert>
      )}
    </>
  );
}

/** The end both forms share: root cause, memo (with the form's hint) and the two buttons, preview (a GET) and submit. */
function FormTail(props: {
  t: Translate;
  rootCauses: Option[];
  values: { rootCause: string; memo: string };
  errors: Record<string, string | undefined>;
  memoHint: string;
  previewLabel: string;
  submit: (formData: FormData) => void;
  submitDisabled: boolean;
  submitLabel: string;
}) {
  const { t, values: v, errors: f } = props;
  return (
    <>
      <SelectField label={t("desk.dispute.rootCause")} name="rootCause" defaultValue={v.rootCause} error={tr(t, f.rootCause)}>
        {props.rootCauses.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        label={t("desk.corrections.memo")}
        hint={props.memoHint}
        name="memo"
        rows={3}
        maxLength={500}
        defaultValue={v.memo}
        error={tr(t, f.memo)}
      />
      <div className={s.actions}>
        <Button type="submit" variant="secondary" data-preview="1">
          {props.previewLabel}
        </Button>
        <Button type="submit" formAction={props.submit} formMethod="post" disabled={props.submitDisabled}>
          {props.submitLabel}
        </Button>
      </div>
    </>
  );
}
