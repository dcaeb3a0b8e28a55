"use client";
import { useActionState } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { SelectField } from "@/components/disputes/FormControls";
import { createTariffAction, retireTariffAction } from "@/features/billing-audit/actions";
import { idle } from "@/features/disputes/action-state";

type Labels = Record<"price" | "unit" | "from" | "to" | "reason" | "add" | "retire" | "saved" | "failed", string>;

export function AddTariffForm({ customerId, prices, labels }: { customerId: string; prices: { id: string; label: string }[]; labels: Labels }) {
  const [state, action, pending] = useActionState(createTariffAction, idle);
  return (
    <form action={action}>
      {state.status === "error" && <Alert tone="danger"><p>{labels.failed}</p></Alert>}
      {state.status === "ok" && <Alert tone="success"><p>{labels.saved}</p></Alert>}
      <input type="hidden" name="customerId" value={customerId} />
      <SelectField label={labels.price} name="priceId" required>
        {prices.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
      </SelectField>
      <Field label={labels.unit} name="unitAmountDecimal" inputMode="decimal" />
      <Field label={labels.from} name="validFrom" type="date" required />
      <Field label={labels.to} name="validTo" type="date" />
      <Field label={labels.reason} name="reason" required minLength={3} />
      <Button type="submit" disabled={pending}>{labels.add}</Button>
    </form>
  );
}

export function RetireTariffForm({ customerId, tariffId, labels }: { customerId: string; tariffId: string; labels: Labels }) {
  const [state, action, pending] = useActionState(retireTariffAction, idle);
  return (
    <form action={action}>
      {state.status === "error" && <Alert tone="danger"><p>{labels.failed}</p></Alert>}
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="tariffId" value={tariffId} />
      <Field label={labels.reason} name="reason" required minLength={3} />
      <Button type="submit" disabled={pending}>{labels.retire}</Button>
    </form>
  );
}
