"use client";
import { useActionState, useEffect } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui";
import { FormMessage } from "@/components/forms/FormMessage";
import s from "@/components/ui/layout.module.css";
import { retryFailedEventAction, runReconciliationAction, startResyncAction } from "@/features/stripe-sync/desk/actions";
import { idleSync, type SyncFormState } from "@/features/stripe-sync/desk/form-state";
import { createT, type Locale, type MessageKey } from "@/lib/i18n";

function Message({ locale, state }: { locale: Locale; state: SyncFormState }) {
  const t = createT(locale);
  return <FormMessage t={t} state={state} success={state.status === "ok" && state.message ? t(state.message as MessageKey) : undefined} />;
}

export function RetryEventForm({ locale, eventId }: { locale: Locale; eventId: string }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(retryFailedEventAction, idleSync);
  return (
    <form action={action} className={s.actions}>
      <input type="hidden" name="eventId" value={eventId} />
      <Button type="submit" variant="secondary" disabled={pending || state.status === "ok"} aria-label={t("desk.sync.retryLabel", { id: eventId })}>
        {t("desk.sync.retry")}
      </Button>
      {state.status !== "idle" && <Message locale={locale} state={state} />}
    </form>
  );
}

export function ResyncForm({ locale, disabled }: { locale: Locale; disabled: boolean }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(startResyncAction, idleSync);
  return (
    <form action={action}>
      <Message locale={locale} state={state} />
      <Button type="submit" disabled={pending || disabled}>
        {t("desk.sync.resyncButton")}
      </Button>
    </form>
  );
}

export function ReconcileForm({ locale }: { locale: Locale }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(runReconciliationAction, idleSync);
  return (
    <form action={action}>
      <Message locale={locale} state={state} />
      <Button type="submit" disabled={pending}>
        {pending ? t("desk.sync.reconRunning") : t("desk.sync.reconRun")}
      </Button>
    </form>
  );
}

/** Re-reads the page every few seconds while background work (resync, reconciliation) is in progress. */
export function AutoRefresh({ active, everyMs = 3000 }: { active: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(id);
  }, [active, everyMs, router]);
  return null;
}
