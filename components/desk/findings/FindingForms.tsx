"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui";
import { TextAreaField } from "@/components/forms/FormControls";
import { FormMessage } from "@/components/forms/FormMessage";
import { decideFindingAction, openFindingDisputeAction } from "@/features/billing-audit/actions";
import { idle } from "@/lib/form-state";
import { createT, type Locale } from "@/lib/i18n";

type Labels = Record<"confirm" | "corrected" | "dismiss" | "reason" | "openDispute" | "notify" | "saved", string>;

export function FindingForms({
  locale,
  findingId,
  status,
  hasDispute,
  labels,
}: {
  locale: Locale;
  findingId: string;
  status: string;
  hasDispute: boolean;
  labels: Labels;
}) {
  const t = createT(locale);
  const [state, decide, pending] = useActionState(decideFindingAction, idle);
  const [dState, openDispute, dPending] = useActionState(openFindingDisputeAction, idle);
  const shown = [state, dState].find((x) => x.status === "error") ?? [state, dState].find((x) => x.status === "ok");
  return (
    <div>
      {/* The failure's own words (a concurrent change, a missing reason…), not a catch-all. */}
      {shown && <FormMessage t={t} state={shown} success={labels.saved} />}
      {(status === "OPEN" || status === "CONFIRMED") && (
        <form action={decide}>
          <input type="hidden" name="findingId" value={findingId} />
          <TextAreaField label={labels.reason} name="reason" rows={2} />
          {status === "OPEN" && (
            <Button type="submit" name="status" value="CONFIRMED" disabled={pending}>
              {labels.confirm}
            </Button>
          )}{" "}
          {status === "CONFIRMED" && (
            <Button type="submit" name="status" value="CORRECTED" disabled={pending}>
              {labels.corrected}
            </Button>
          )}{" "}
          <Button type="submit" name="status" value="DISMISSED" disabled={pending}>
            {labels.dismiss}
          </Button>
        </form>
      )}
      {status === "CONFIRMED" && !hasDispute && (
        <form action={openDispute}>
          <input type="hidden" name="findingId" value={findingId} />
          <label>
            <input type="checkbox" name="notify" defaultChecked /> {labels.notify}
          </label>{" "}
          <Button type="submit" disabled={dPending}>
            {labels.openDispute}
          </Button>
        </form>
      )}
    </div>
  );
}
