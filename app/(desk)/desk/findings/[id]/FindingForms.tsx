"use client";
import { useActionState } from "react";
import { Alert, Button } from "@/components/ui";
import { TextAreaField } from "@/components/forms/FormControls";
import { decideFindingAction, openFindingDisputeAction } from "@/features/billing-audit/actions";
import { idle } from "@/lib/form-state";

type Labels = Record<"confirm" | "corrected" | "dismiss" | "reason" | "openDispute" | "notify" | "saved" | "failed", string>;

export function FindingForms({ findingId, status, hasDispute, labels }: { findingId: string; status: string; hasDispute: boolean; labels: Labels }) {
  const [state, decide, pending] = useActionState(decideFindingAction, idle);
  const [dState, openDispute, dPending] = useActionState(openFindingDisputeAction, idle);
  const shown = [state, dState].find((x) => x.status === "error") ?? [state, dState].find((x) => x.status === "ok");
  return (
    <div>
      {shown?.status === "error" && <Alert tone="danger"><p>{labels.failed}</p></Alert>}
      {shown?.status === "ok" && <Alert tone="success"><p>{labels.saved}</p></Alert>}
      {(status === "OPEN" || status === "CONFIRMED") && (
        <form action={decide}>
          <input type="hidden" name="findingId" value={findingId} />
          <TextAreaField label={labels.reason} name="reason" rows={2} />
          {status === "OPEN" && <Button type="submit" name="status" value="CONFIRMED" disabled={pending}>{labels.confirm}</Button>}{" "}
          {status === "CONFIRMED" && <Button type="submit" name="status" value="CORRECTED" disabled={pending}>{labels.corrected}</Button>}{" "}
          <Button type="submit" name="status" value="DISMISSED" disabled={pending}>{labels.dismiss}</Button>
        </form>
      )}
      {status === "CONFIRMED" && !hasDispute && (
        <form action={openDispute}>
          <input type="hidden" name="findingId" value={findingId} />
          <label><input type="checkbox" name="notify" defaultChecked /> {labels.notify}</label>{" "}
          <Button type="submit" disabled={dPending}>{labels.openDispute}</Button>
        </form>
      )}
    </div>
  );
}
