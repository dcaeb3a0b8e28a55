"use client";
import { useActionState } from "react";
import { Alert, Button } from "@/components/ui";
import { TextAreaField } from "@/components/forms/FormControls";
import { FormMessage, tr } from "@/components/forms/FormMessage";
import s from "@/components/ui/layout.module.css";
import { approveCorrectionAction, rejectCorrectionAction, retryCorrectionAction, voidCorrectionAction } from "@/features/corrections/actions";
import { idleCorrection, type CorrectionFormState } from "@/features/corrections/form-state";
import { createT, type Locale, type Translate } from "@/lib/i18n";

function Detail({ t, state }: { t: Translate; state: CorrectionFormState }) {
  return state.detail ? (
    <Alert tone="danger">
      <p>
        {t("desk.corrections.stripeSaid")}: {state.detail}
      </p>
    </Alert>
  ) : null;
}

export function DecisionForm({ locale, correctionId }: { locale: Locale; correctionId: string }) {
  const t = createT(locale);
  const [approveState, approve, approving] = useActionState(approveCorrectionAction, idleCorrection);
  const [rejectState, reject, rejecting] = useActionState(rejectCorrectionAction, idleCorrection);
  const state = rejectState.status !== "idle" && (rejectState.at ?? 0) >= (approveState.at ?? 0) ? rejectState : approveState;
  return (
    <form action={approve} noValidate>
      <FormMessage t={t} state={state} success={t("desk.corrections.decided")} />
      <Detail t={t} state={state} />
      <input type="hidden" name="correctionId" value={correctionId} />
      <TextAreaField
        label={`${t("desk.corrections.decisionReason")} (${t("common.required")})`}
        hint={t("desk.corrections.decisionReasonHint")}
        name="reason"
        rows={3}
        maxLength={1000}
        required
        defaultValue={state.values?.reason}
        error={tr(t, state.fields?.reason)}
      />
      <div className={s.actions}>
        <Button type="submit" disabled={approving || rejecting}>
          {t("desk.corrections.approve")}
        </Button>
        <Button type="submit" variant="secondary" formAction={reject} disabled={approving || rejecting}>
          {t("desk.corrections.reject")}
        </Button>
      </div>
    </form>
  );
}

export function RetryForm({ locale, correctionId }: { locale: Locale; correctionId: string }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(retryCorrectionAction, idleCorrection);
  return (
    <form action={action}>
      <FormMessage t={t} state={state} success={t("desk.corrections.retried")} />
      <Detail t={t} state={state} />
      <input type="hidden" name="correctionId" value={correctionId} />
      <Button type="submit" disabled={pending}>
        {t("desk.corrections.retry")}
      </Button>
    </form>
  );
}

export function VoidForm({ locale, correctionId }: { locale: Locale; correctionId: string }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(voidCorrectionAction, idleCorrection);
  return (
    <form action={action} noValidate>
      <FormMessage t={t} state={state} success={t("desk.corrections.voided")} />
      <Detail t={t} state={state} />
      <input type="hidden" name="correctionId" value={correctionId} />
      <TextAreaField
        label={`${t("desk.corrections.voidReason")} (${t("common.required")})`}
        name="reason"
        rows={2}
        maxLength={1000}
        required
        defaultValue={state.values?.reason}
        error={tr(t, state.fields?.reason)}
      />
      <Button type="submit" variant="secondary" disabled={pending}>
        {t("desk.corrections.void")}
      </Button>
    </form>
  );
}
