"use client";
import { useActionState } from "react";
import { Button, Field } from "@/components/ui";
import { SelectField, TextAreaField } from "@/components/forms/FormControls";
import { FormMessage, tr } from "@/components/forms/FormMessage";
import { deleteCannedReplyAction, saveCannedReplyAction } from "@/features/disputes/actions";
import { createT, type Locale } from "@/lib/i18n";

type Initial = { id: string; reason: string; locale: string; title: string; body: string };

export function CannedReplyForm({ locale, reasons, initial }: { locale: Locale; reasons: { value: string; label: string }[]; initial?: Initial }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(saveCannedReplyAction, { status: "idle" });
  const f = state.fields ?? {};
  const v = state.status === "error" ? (state.values ?? {}) : {};
  return (
    <form action={action} noValidate>
      <FormMessage t={t} state={state} success={t("desk.dispute.saved")} />
      {initial && <input type="hidden" name="id" value={initial.id} />}
      <SelectField label={t("desk.queue.reason")} name="reason" defaultValue={v.reason ?? initial?.reason ?? reasons[0].value} error={tr(t, f.reason)}>
        {reasons.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("desk.canned.language")} name="locale" defaultValue={v.locale ?? initial?.locale ?? locale} error={tr(t, f.locale)}>
        <option value="en">English</option>
        <option value="ru">Русский</option>
      </SelectField>
      <Field label={t("desk.canned.titleField")} name="title" maxLength={120} defaultValue={v.title ?? initial?.title ?? ""} error={tr(t, f.title)} />
      <TextAreaField label={t("desk.canned.body")} name="body" maxLength={5000} defaultValue={v.body ?? initial?.body ?? ""} error={tr(t, f.body)} />
      <Button type="submit" disabled={pending}>
        {t("desk.canned.save")}
      </Button>
    </form>
  );
}

export function DeleteCannedReply({ locale, id }: { locale: Locale; id: string }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(deleteCannedReplyAction, { status: "idle" });
  return (
    <form action={action}>
      <FormMessage t={t} state={state} />
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="ghost" disabled={pending}>
        {t("desk.canned.delete")}
      </Button>
    </form>
  );
}
