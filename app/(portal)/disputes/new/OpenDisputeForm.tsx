"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui";
import { DisputeLinePicker, type DisputeLineOption } from "@/components/portal/DisputeLinePicker";
import { SelectField, TextAreaField } from "@/components/forms/FormControls";
import { FileField } from "@/components/forms/FileField";
import { FormMessage, tr } from "@/components/forms/FormMessage";
import { guardUploads } from "@/components/forms/upload-guard";
import { openDisputeAction } from "@/features/disputes/actions";
import { createT, type Locale, type MessageKey } from "@/lib/i18n";

const guardedOpen = guardUploads(openDisputeAction);

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
  lines: DisputeLineOption[];
}) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(guardedOpen, { status: "idle" });
  const f = state.fields ?? {};
  const v = state.values ?? {};
  return (
    <form action={action} noValidate>
      <FormMessage t={t} state={state} />
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <DisputeLinePicker t={t} currency={currency} lines={lines} fields={f} values={v} />
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
