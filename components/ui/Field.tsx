import { useId, type InputHTMLAttributes } from "react";
import s from "./ui.module.css";

/** A labelled input whose hint and error are announced with it (aria-describedby). */
export function Field({ label, hint, error, id, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string; error?: string }) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  return (
    <div className={s.field}>
      <label className={s.label} htmlFor={inputId}>
        {label}
      </label>
      {hint && (
        <span id={hintId} className={s.hint}>
          {hint}
        </span>
      )}
      <input
        id={inputId}
        className={s.input}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        {...input}
      />
      {error && (
        <span id={errorId} className={s.error}>
          {error}
        </span>
      )}
    </div>
  );
}
