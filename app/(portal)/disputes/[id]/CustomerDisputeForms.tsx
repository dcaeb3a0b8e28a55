"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui";
import { TextAreaField } from "@/components/forms/FormControls";
import { FileField } from "@/components/forms/FileField";
import { FormMessage, tr } from "@/components/forms/FormMessage";
import { guardUploads } from "@/components/forms/upload-guard";
import { reopenDisputeAction, replyToDisputeAction } from "@/features/disputes/actions";
import { createT, type Locale } from "@/lib/i18n";

const guardedReply = guardUploads(replyToDisputeAction);

export function ReplyForm({ locale, disputeId }: { locale: Locale; disputeId: string }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(guardedReply, { status: "idle" });
  const f = state.fields ?? {};
  return (
    <form action={action} noValidate>
      <FormMessage t={t} state={state} success={t("disputes.detail.sent")} />
      <input type="hidden" name="disputeId" value={disputeId} />
      <TextAreaField
        label={t("disputes.detail.replyLabel")}
        name="body"
        required
        maxLength={5000}
        defaultValue={state.status === "error" ? state.values?.body : ""}
        error={tr(t, f.body)}
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
        {t("disputes.detail.send")}
      </Button>
    </form>
  );
}

export function ReopenForm({ locale, disputeId }: { locale: Locale; disputeId: string }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(reopenDisputeAction, { status: "idle" });
  return (
    <form action={action} noValidate>
      <FormMessage t={t} state={state} success={t("disputes.detail.reopenDone")} />
      <input type="hidden" name="disputeId" value={disputeId} />
      <TextAreaField label={t("disputes.detail.reopenReason")} name="reason" maxLength={5000} rows={3} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {t("disputes.detail.reopen")}
      </Button>
    </form>
  );
}
