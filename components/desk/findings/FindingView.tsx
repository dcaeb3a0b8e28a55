import Link from "@/components/ui/Link";
import { Badge, Card } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import {
  auditActionLabel,
  actorLabel,
  describeFinding,
  findingRuleLabel,
  findingSeverityLabel,
  findingStatusLabel,
} from "@/features/billing-audit/describe-finding";
import type { loadFindingPage } from "@/features/billing-audit/page-data";
import { formatDate, type Locale, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import f8 from "./finding.module.css";
import { FindingForms } from "./FindingForms";

// One billing-audit finding (/desk/findings/[id]): what it says in words, its evidence, the
// suggestion, its history and the forms that move it on.

type Finding = Awaited<ReturnType<typeof loadFindingPage>>;

// The raw evidence stays available for engineers, folded under the description in words.
const pretty = (v: unknown) => JSON.stringify(v, null, 2);

export function FindingView({ t, locale, data }: { t: Translate; locale: Locale; data: Finding }) {
  const f = data.finding;
  const d = describeFinding(
    { ...f, invoiceNumber: f.invoice?.number ?? f.invoice?.stripeId ?? null },
    { t, locale, lineNumber: (id) => data.lineNumbers[id] ?? null },
  );
  return (
    <div className={s.stack}>
      <div>
        <p>
          <Link href="/desk/findings">{t("audit.findings.title")}</Link>
        </p>
        <h1>{d.title}</h1>
        <p className={s.meta}>
          {findingRuleLabel(t, f.rule)} · <Badge>{findingSeverityLabel(t, f.severity)}</Badge> · {findingStatusLabel(t, f.status)} ·{" "}
          {f.currency ? formatMoney(f.amountAtStakeMinor, f.currency, locale) : "—"} · {formatDate(locale, f.detectedAt)}
          {f.invoice && (
            <>
              {" "}
              · {t("audit.findings.invoice")} {f.invoice.number ?? f.invoice.stripeId}
            </>
          )}
          {f.dispute && (
            <>
              {" "}
              ·{" "}
              <Link href={`/desk/disputes/${f.dispute.id}`}>
                {t("audit.finding.dispute")} D-{String(f.dispute.number).padStart(6, "0")}
              </Link>
            </>
          )}
          {f.correctionId && (
            <>
              {" "}
              · <Link href={`/desk/corrections/${f.correctionId}`}>{t("audit.finding.correction")}</Link>
            </>
          )}
        </p>
      </div>
      <Card title={t("audit.finding.evidence")}>
        {d.facts.length > 0 && (
          <dl className={f8.facts}>
            {d.facts.map((x, i) => (
              <div key={i}>
                <dt>{x.label}</dt>
                <dd>{x.value}</dd>
              </div>
            ))}
          </dl>
        )}
        <details>
          <summary>{t("audit.finding.raw")}</summary>
          <pre className={f8.json}>{pretty(f.evidence)}</pre>
        </details>
      </Card>
      <Card title={t("audit.finding.suggestion")}>
        <p>{d.suggestion ?? t("audit.suggest.none")}</p>
      </Card>
      <Card title={t("audit.finding.history")}>
        <ul>
          {data.history.map((h) => (
            <li key={String(h.id)}>
              {formatDate(locale, h.at, { dateStyle: "medium", timeStyle: "short" })} · {auditActionLabel(t, h.action)} ·{" "}
              {h.actor?.name ?? h.actor?.email ?? actorLabel(t, h.actorLabel)}
              {h.reason ? ` · ${h.reason}` : ""}
            </li>
          ))}
        </ul>
        {f.dismissReason && <p>{f.dismissReason}</p>}
      </Card>
      <FindingForms
        locale={locale}
        findingId={f.id}
        status={f.status}
        hasDispute={!!f.dispute}
        labels={{
          confirm: t("audit.finding.confirm"),
          corrected: t("audit.finding.corrected"),
          dismiss: t("audit.finding.dismiss"),
          reason: t("audit.finding.reason"),
          openDispute: t("audit.finding.openDispute"),
          notify: t("audit.finding.notify"),
          saved: t("audit.finding.saved"),
        }}
      />
    </div>
  );
}
