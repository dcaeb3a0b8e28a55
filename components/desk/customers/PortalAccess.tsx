"use client";
import { useActionState, useId } from "react";
import { Badge, Button, Card, Field } from "@/components/ui";
import { FormMessage, tr } from "@/components/forms/FormMessage";
import s from "@/components/ui/layout.module.css";
import ui from "@/components/ui/ui.module.css";
import { linkCustomerUserAction, unlinkCustomerUserAction } from "@/features/disputes/customer-link-actions";
import { idle } from "@/lib/form-state";
import { createT, formatDate, type Locale } from "@/lib/i18n";

type Link = { userId: string; email: string; source: "EMAIL" | "STAFF"; linkedAt: Date };

/**
 * Who sees this customer in the portal and why. Email links follow the customer's email in
 * Stripe; staff links are a lead's decision, made and ended here with a reason.
 */
export function PortalAccess({ locale, customerId, links, canManage }: { locale: Locale; customerId: string; links: Link[]; canManage: boolean }) {
  const t = createT(locale);
  const heading = useId();
  return (
    <Card>
      {/* A named region (Card's own title is not tied to its section): the desk and its tests find it by name. */}
      <section aria-labelledby={heading} className={s.stack}>
        <h2 id={heading} className={ui.cardTitle}>
          {t("desk.customer.access")}
        </h2>
        <p className={s.meta}>{t("desk.customer.accessHint")}</p>
        {links.length === 0 ? (
          <p className={s.meta}>{t("desk.customer.noUsers")}</p>
        ) : (
          <ul className={s.timeline}>
            {links.map((l) => (
              <li key={l.userId} className={s.stack}>
                <div className={s.actions}>
                  <strong>{l.email}</strong>
                  <Badge tone={l.source === "STAFF" ? "warning" : "neutral"}>
                    {t(l.source === "STAFF" ? "desk.customer.linkStaff" : "desk.customer.linkEmail")}
                  </Badge>
                  <span className={s.meta}>{t("desk.customer.linkedAt", { date: formatDate(locale, l.linkedAt) })}</span>
                </div>
                {canManage && l.source === "STAFF" && <UnlinkForm locale={locale} customerId={customerId} userId={l.userId} email={l.email} />}
              </li>
            ))}
          </ul>
        )}
        {canManage && <LinkForm locale={locale} customerId={customerId} />}
      </section>
    </Card>
  );
}

function LinkForm({ locale, customerId }: { locale: Locale; customerId: string }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(linkCustomerUserAction, idle);
  const v = state.values ?? {};
  return (
    <form action={action} noValidate className={s.stack} aria-label={t("desk.customer.linkTitle")}>
      <h3>{t("desk.customer.linkTitle")}</h3>
      <FormMessage t={t} state={state} success={t("desk.customer.linked")} />
      <input type="hidden" name="customerId" value={customerId} />
      <Field
        label={t("desk.customer.linkEmailLabel")}
        hint={t("desk.customer.linkEmailHint")}
        name="email"
        type="email"
        autoComplete="off"
        defaultValue={v.email ?? ""}
        error={tr(t, state.fields?.email)}
      />
      <Field label={t("desk.customer.linkReason")} name="reason" defaultValue={v.reason ?? ""} error={tr(t, state.fields?.reason)} />
      <div className={s.actions}>
        <Button type="submit" variant="secondary" disabled={pending}>
          {t("desk.customer.linkButton")}
        </Button>
      </div>
    </form>
  );
}

function UnlinkForm({ locale, customerId, userId, email }: { locale: Locale; customerId: string; userId: string; email: string }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState(unlinkCustomerUserAction, idle);
  return (
    <form action={action} noValidate className={s.actions} aria-label={t("desk.customer.unlinkLabel", { email })}>
      <FormMessage t={t} state={state} />
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="userId" value={userId} />
      <Field label={t("desk.customer.unlinkReason")} name="reason" defaultValue={state.values?.reason ?? ""} error={tr(t, state.fields?.reason)} />
      <Button type="submit" variant="ghost" disabled={pending}>
        {t("desk.customer.unlinkButton")}
      </Button>
    </form>
  );
}
