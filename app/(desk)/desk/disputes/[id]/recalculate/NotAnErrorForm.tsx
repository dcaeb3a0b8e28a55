"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui";
import { TextAreaField } from "@/components/forms/FormControls";
import { FormMessage, tr } from "@/components/forms/FormMessage";
import { resolveDisputeAction } from "@/features/disputes/actions";
import { createT, type Locale } from "@/lib/i18n";

/** The existing resolve flow, pre-filled: the recalculation confirmed the invoice, so close the dispute as "not an error". */
export function NotAnErrorForm({ locale, disputeId }: { locale: Locale; disputeId: string }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(resolveDisputeAction, { status: "idle" });
  if (state.status === "ok") return <p role="status">{t("desk.recalc.closedNotError")}</p>;
  return (
    <form action={action} noValidate>
      <FormMessage t={t} state={state} />
      <input type="hidden" name="disputeId" value={disputeId} />
      <input type="hidden" name="outcome" value="REJECTED" />
      <input type="hidden" name="rootCause" value="NOT_AN_ERROR" />
      <TextAreaField
        label={t("desk.recalc.notErrorNoteLabel")}
        name="note"
        rows={3}
        maxLength={5000}
        defaultValue={state.values?.note ?? t("desk.recalc.notErrorNote")}
        required
        error={tr(t, state.fields?.note)}
      />
      <Button type="submit" variant="secondary" disabled={pending}>
        {t("desk.recalc.proposeNotError")}
      </Button>
    </form>
  );
}
