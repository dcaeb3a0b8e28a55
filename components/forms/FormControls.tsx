import { useId, type ReactNode, type Ref, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import s from "@/components/ui/ui.module.css";

// Select and textarea in the same shape as components/ui Field: label, hint and error are
// tied to the control with aria-describedby.

export function useDescribed(id: string | undefined, hint?: string, error?: string) {
  const generated = useId();
  const controlId = id ?? generated;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  return { controlId, hintId, errorId, describedBy: [hintId, errorId].filter(Boolean).join(" ") || undefined };
}

export function Wrap({
  label,
  hint,
  error,
  ids,
  children,
}: {
  label: string;
  hint?: string;
  error?: string;
  ids: ReturnType<typeof useDescribed>;
  children: ReactNode;
}) {
  return (
    <div className={s.field}>
      <label className={s.label} htmlFor={ids.controlId}>
        {label}
      </label>
      {hint && (
        <span id={ids.hintId} className={s.hint}>
          {hint}
        </span>
      )}
      {children}
      {error && (
        <span id={ids.errorId} className={s.error}>
          {error}
        </span>
      )}
    </div>
  );
}

// FileField (./FileField.tsx) keeps state, so it lives in a client module of its own.

export function SelectField({
  label,
  hint,
  error,
  id,
  children,
  ...rest
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; hint?: string; error?: string }) {
  const ids = useDescribed(id, hint, error);
  return (
    <Wrap label={label} hint={hint} error={error} ids={ids}>
      <select id={ids.controlId} className={s.input} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...rest}>
        {children}
      </select>
    </Wrap>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  id,
  ref,
  ...rest
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; hint?: string; error?: string; ref?: Ref<HTMLTextAreaElement> }) {
  const ids = useDescribed(id, hint, error);
  return (
    <Wrap label={label} hint={hint} error={error} ids={ids}>
      <textarea
        ref={ref}
        id={ids.controlId}
        className={s.input}
        rows={5}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...rest}
      />
    </Wrap>
  );
}
