"use server";
import { revalidatePath } from "next/cache";
import { getSessionUser } from "@/features/auth/get-session-user";
import { toFormState, type FormState } from "@/features/disputes/action-state";
import { getDb } from "@/lib/db";
import { changeFindingStatus } from "./change-finding-status";
import { createTariff } from "./create-tariff";
import { retireTariff } from "./retire-tariff";
import { openDisputeFromFinding } from "./open-dispute-from-finding";

// Server actions for the desk's finding page. Each passes the session user to a feature
// function, which checks the role itself; nothing here trusts the form.
const ok = (): FormState => ({ status: "ok", at: Date.now() });
const text = (form: FormData, key: string) => { const v = form.get(key); return typeof v === "string" ? v : ""; };

export async function decideFindingAction(_prev: FormState, form: FormData): Promise<FormState> {
  const findingId = text(form, "findingId");
  try {
    const actor = await getSessionUser();
    const status = text(form, "status");
    const input = status === "DISMISSED"
      ? { findingId, status: "DISMISSED" as const, reason: text(form, "reason") }
      : status === "CORRECTED"
        ? { findingId, status: "CORRECTED" as const, note: text(form, "note") || undefined }
        : { findingId, status: "CONFIRMED" as const, note: text(form, "note") || undefined };
    await changeFindingStatus(await getDb(), { actor, input });
  } catch (error) {
    return toFormState(error);
  }
  revalidatePath(`/desk/findings/${findingId}`);
  return ok();
}

export async function openFindingDisputeAction(_prev: FormState, form: FormData): Promise<FormState> {
  const findingId = text(form, "findingId");
  try {
    const actor = await getSessionUser();
    await openDisputeFromFinding(await getDb(), { actor, findingId, notifyCustomer: form.get("notify") === "on" });
  } catch (error) {
    return toFormState(error);
  }
  revalidatePath(`/desk/findings/${findingId}`);
  return ok();
}

export async function createTariffAction(_prev: FormState, form: FormData): Promise<FormState> {
  const customerId = text(form, "customerId");
  try {
    const actor = await getSessionUser();
    await createTariff(await getDb(), {
      actor,
      input: { customerId, priceId: text(form, "priceId"), unitAmount: text(form, "unitAmount"), quantity: text(form, "quantity"), validFrom: text(form, "validFrom"), validTo: text(form, "validTo") || null, reason: text(form, "reason") },
    });
  } catch (error) {
    return { ...toFormState(error, form), at: Date.now() };
  }
  revalidatePath(`/desk/customers/${customerId}/tariffs`);
  return ok();
}

export async function retireTariffAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const actor = await getSessionUser();
    await retireTariff(await getDb(), { actor, tariffId: text(form, "tariffId"), reason: text(form, "reason") });
  } catch (error) {
    return toFormState(error);
  }
  revalidatePath(`/desk/customers/${text(form, "customerId")}/tariffs`);
  return ok();
}
