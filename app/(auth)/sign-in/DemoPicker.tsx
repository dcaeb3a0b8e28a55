import { Badge } from "@/components/ui";
import { createT, type Locale } from "@/lib/i18n";
import type { SessionUser } from "@/features/auth/get-session-user";
import s from "../auth.module.css";

const roleKey = { CUSTOMER: "shell.roleCustomer", AGENT: "shell.roleAgent", LEAD: "shell.roleLead", ADMIN: "shell.roleAdmin" } as const;

export function DemoPicker({ users, locale }: { users: { email: string; name: string | null; role: SessionUser["role"] }[]; locale: Locale }) {
  const t = createT(locale);
  return (
    <section className={s.demo} aria-labelledby="demo-title">
      <h2 id="demo-title">{t("signIn.demoTitle")}</h2>
      <p className={s.intro}>{t("signIn.demoHint")}</p>
      <ul className={s.demoList}>
        {users.map((u) => (
          <li key={u.email}>
            <form method="post" action="/api/demo/sign-in">
              <input type="hidden" name="email" value={u.email} />
              <button type="submit" className={s.demoButton} data-testid={`demo-sign-in-${u.email}`}>
                <span>
                  <strong>{u.name ?? u.email}</strong>
                  <br />
                  <span className={s.demoEmail}>{u.email}</span>
                </span>
                <Badge tone={u.role === "CUSTOMER" ? "info" : "neutral"}>{t(roleKey[u.role])}</Badge>
              </button>
            </form>
          </li>
        ))}
      </ul>
      <a href="/demo/mailbox">{t("signIn.demoMailbox")}</a>
    </section>
  );
}
