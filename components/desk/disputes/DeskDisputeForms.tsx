"use client";
import { useActionState, useRef, useState } from "react";
import { Button } from "@/components/ui";
import { SelectField, TextAreaField } from "@/components/forms/FormControls";
import { FileField } from "@/components/forms/FileField";
import { FormMessage, tr } from "@/components/forms/FormMessage";
import { guardUploads } from "@/components/forms/upload-guard";
import s from "@/components/ui/layout.module.css";
import { assignDisputeAction, changeDisputeStatusAction, postStaffMessageAction, resolveDisputeAction } from "@/features/disputes/actions";
import { createT, type Locale } from "@/lib/i18n";

type Option = { value: string; label: string };

export function AssignForm(props: {
  locale: Locale;
  disputeId: string;
  meId: string;
  assigneeId: string | null;
  assigneeName: string;
  canAssignOthers: boolean;
  staff: { id: string; label: string }[];
}) {
  const t = createT(props.locale);
  const [state, action, pending] = useActionState(assignDisputeAction, { status: "idle" });
  const mine = props.assigneeId === props.meId;
  return (
    <div>
      <p>
        {t("desk.dispute.assignee")}: <strong>{props.assigneeName}</strong>
      </p>
      <FormMessage t={t} state={state} />
      {!props.canAssignOthers ? (
        (props.assigneeId === null || mine) && (
          <form action={action}>
            <input type="hidden" name="disputeId" value={props.disputeId} />
            <input type="hidden" name="assigneeId" value={mine ? "" : "me"} />
            <Button type="submit" variant={mine ? "secondary" : "primary"} disabled={pending}>
              {mine ? t("desk.dispute.release") : t("desk.dispute.claimIt")}
            </Button>
          </form>
        )
      ) : (
        <div className={s.stack}>
          {!mine && (
            <form action={action}>
              <input type="hidden" name="disputeId" value={props.disputeId} />
              <input type="hidden" name="assigneeId" value="me" />
              <Button type="submit" disabled={pending}>
                {t("desk.dispute.claimIt")}
              </Button>
            </form>
          )}
          <form action={action}>
            <input type="hidden" name="disputeId" value={props.disputeId} />
            <SelectField label={t("desk.dispute.assignee")} name="assigneeId" defaultValue={props.assigneeId ?? ""}>
              <option value="">{t("desk.dispute.nobody")}</option>
              {props.staff.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.label}
                </option>
              ))}
            </SelectField>
            <Button type="submit" variant="secondary" disabled={pending}>
              {t("desk.dispute.assign")}
            </Button>
          </form>
        </div>
      )}
    </div>
  );
}

export function StatusForm({ locale, disputeId, options }: { locale: Locale; disputeId: string; options: Option[] }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(changeDisputeStatusAction, { status: "idle" });
  return (
    <form action={action}>
      <FormMessage t={t} state={state} />
      <input type="hidden" name="disputeId" value={disputeId} />
      <SelectField label={t("desk.dispute.newStatus")} name="status" defaultValue={options[0]?.value} error={tr(t, state.fields?.status)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </SelectField>
      <TextAreaField label={t("desk.dispute.statusReason")} name="reason" rows={2} maxLength={1000} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {t("desk.dispute.changeStatus")}
      </Button>
    </form>
  );
}

const guardedPost = guardUploads(postStaffMessageAction);

export function MessageForm({
  locale,
  disputeId,
  canned,
}: {
  locale: Locale;
  disputeId: string;
  canned: { id: string; title: string; body: string; locale: string }[];
}) {
  const t = createT(locale);
  // Uncontrolled: React resets the form after a successful send; a failed one keeps the text.
  const [state, action, pending] = useActionState(guardedPost, { status: "idle" });
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [pick, setPick] = useState("");
  const insert = () => {
    const el = bodyRef.current;
    const text = canned.find((c) => c.id === pick)?.body ?? "";
    if (!el || !text) return;
    el.value = el.value ? `${el.value}\n\n${text}` : text;
    el.focus();
  };
  return (
    <form action={action} noValidate>
      <FormMessage t={t} state={state} success={t("desk.dispute.saved")} />
      <input type="hidden" name="disputeId" value={disputeId} />
      {canned.length > 0 && (
        <div className={s.actions}>
          <SelectField label={t("desk.dispute.canned")} value={pick} onChange={(e) => setPick(e.target.value)}>
            <option value="">{t("desk.dispute.cannedNone")}</option>
            {canned.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title} ({c.locale})
              </option>
            ))}
          </SelectField>
          <Button variant="secondary" disabled={!pick} onClick={insert}>
            {t("desk.dispute.cannedInsert")}
          </Button>
        </div>
      )}
      <TextAreaField
        ref={bodyRef}
        label={t("desk.dispute.body")}
        name="body"
        defaultValue={state.status === "error" ? state.values?.body : ""}
        maxLength={5000}
        error={tr(t, state.fields?.body)}
      />
      <fieldset className={s.fieldset}>
        <legend className={s.legend}>{t("desk.dispute.visibility")}</legend>
        <label className={s.radio}>
          <input type="radio" name="visibility" value="public" defaultChecked={state.values?.visibility !== "internal"} /> {t("desk.dispute.public")}
        </label>
        <label className={s.radio}>
          <input type="radio" name="visibility" value="internal" defaultChecked={state.values?.visibility === "internal"} /> {t("desk.dispute.internal")}
        </label>
      </fieldset>
      <FileField
        label={t("desk.dispute.files")}
        hint={t("disputes.new.filesHint")}
        name="files"
        error={tr(t, state.fields?.files)}
        failed={state.status === "error"}
        chooseAgain={t("disputes.files.chooseAgain")}
      />
      <Button type="submit" disabled={pending}>
        {t("desk.dispute.send")}
      </Button>
    </form>
  );
}

export function ResolveForm({
  locale,
  disputeId,
  rootCauses,
  creditNotes,
}: {
  locale: Locale;
  disputeId: string;
  rootCauses: Option[];
  creditNotes: Option[];
}) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(resolveDisputeAction, { status: "idle" });
  const f = state.fields ?? {};
  const v = state.values ?? {};
  return (
    <form action={action} noValidate>
      <FormMessage t={t} state={state} />
      <input type="hidden" name="disputeId" value={disputeId} />
      <fieldset className={s.fieldset}>
        <legend className={s.legend}>{t("desk.dispute.outcome")}</legend>
        <label className={s.radio}>
          <input type="radio" name="outcome" value="RESOLVED" defaultChecked={v.outcome !== "REJECTED"} /> {t("disputes.status.RESOLVED")}
        </label>
        <label className={s.radio}>
          <input type="radio" name="outcome" value="REJECTED" defaultChecked={v.outcome === "REJECTED"} /> {t("disputes.status.REJECTED")}
        </label>
      </fieldset>
      <SelectField
        label={t("desk.dispute.rootCause")}
        name="rootCause"
        key={`rc-${state.at ?? 0}-${v.rootCause ?? ""}`}
        defaultValue={v.rootCause ?? ""}
        required
        error={tr(t, f.rootCause)}
      >
        <option value="" disabled>
          {t("desk.dispute.chooseRootCause")}
        </option>
        {rootCauses.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </SelectField>
      <TextAreaField label={t("desk.dispute.note")} name="note" rows={3} maxLength={5000} defaultValue={v.note} required error={tr(t, f.note)} />
      {creditNotes.length > 0 && (
        <SelectField label={t("desk.dispute.creditNote")} name="creditNoteId" defaultValue={v.creditNoteId ?? ""} error={tr(t, f.creditNoteId)}>
          <option value="">{t("desk.dispute.noCreditNote")}</option>
          {creditNotes.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectField>
      )}
      <Button type="submit" disabled={pending}>
        {t("desk.dispute.resolve")}
      </Button>
    </form>
  );
}
