import type { InputHTMLAttributes, ReactNode } from "react";
import type { Translate } from "@/lib/i18n";
import s from "./recalc.module.css";

// The recalculation editor's small parts: its inputs with their errors, its paired "charged → recalculated" cells.

/** A signed difference: "+" in the positive tone, "−" in the negative one, zero plain. */
export function Diff({ value, money }: { value: bigint; money: (a: bigint) => string }) {
  if (value === 0n) return <span>{money(0n)}</span>;
  return (
    <span className={value > 0n ? s.pos : s.neg}>
      {value > 0n ? "+" : "−"}
      {money(value > 0n ? value : -value)}
    </span>
  );
}

export type Check = { invalid: boolean; message: string | undefined; errorId?: string };

/**
 * An input with its error: aria-invalid while its field has one, described by the error's span (where it has an id)
 * or else by its hint; the hint (a muted note) stands between the input and the error.
 */
export function CheckedInput({
  invalid,
  message,
  errorId,
  hint,
  ...input
}: Check & { hint?: { id?: string; text: ReactNode } } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <>
      <input {...input} aria-invalid={invalid ? true : undefined} aria-describedby={invalid && errorId ? errorId : hint?.id} />
      {hint && (
        <span id={hint.id} className={s.orig}>
          {hint.text}
        </span>
      )}
      {message && (
        <span id={errorId} className={s.err}>
          {message}
        </span>
      )}
    </>
  );
}

/** An invoice-level figure (a coupon's value, a tax rate's percentage): label above a decimal input. */
export function NumberField({
  id,
  label,
  value,
  disabled,
  onChange,
  ...check
}: Check & { id: string; label: ReactNode; value: string; disabled: boolean; onChange: (value: string) => void }) {
  return (
    <div className={s.field}>
      <label htmlFor={id}>{label}</label>
      <CheckedInput {...check} id={id} className={s.num} inputMode="decimal" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** A numeric cell that pairs what was charged with what the recalculation makes of it. */
export function PairCell({ children }: { children: ReactNode }) {
  return (
    <td data-numeric>
      <div className={s.pair}>{children}</div>
    </td>
  );
}

/** "Charged: by price" where the line has no unit amount to show (priced, prorated or a fixed amount). */
export function ChargedHow({ t, how }: { t: Translate; how: "desk.recalc.fixedAmount" | "desk.recalc.prorated" | "desk.recalc.byPrice" }) {
  return (
    <span className={`${s.orig} ${s.charged}`}>
      {t("desk.recalc.charged")}: {t(how)}
    </span>
  );
}

/** "Charged: 4,320.00": may wrap after the colon in a narrow column, never inside the figure. */
export function Charged({ t, children }: { t: Translate; children: ReactNode }) {
  return (
    <span className={`${s.orig} ${s.charged}`}>
      {t("desk.recalc.charged")}: <span className={s.nowrap}>{children}</span>
    </span>
  );
}
