import { useEffect, useId, useRef, useState, type ReactNode, type Ref, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import s from "@/components/ui/ui.module.css";

// Select and textarea in the same shape as components/ui Field: label, hint and error are
// tied to the control with aria-describedby.

function useDescribed(id: string | undefined, hint?: string, error?: string) {
  const generated = useId();
  const controlId = id ?? generated;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  return { controlId, hintId, errorId, describedBy: [hintId, errorId].filter(Boolean).join(" ") || undefined };
}

function Wrap({ label, hint, error, ids, children }: { label: string; hint?: string; error?: string; ids: ReturnType<typeof useDescribed>; children: ReactNode }) {
  return (
    <div className={s.field}>
      <label className={s.label} htmlFor={ids.controlId}>{label}</label>
      {hint && <span id={ids.hintId} className={s.hint}>{hint}</span>}
      {children}
      {error && <span id={ids.errorId} className={s.error}>{error}</span>}
    </div>
  );
}

export function SelectField({ label, hint, error, id, children, ...rest }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; hint?: string; error?: string }) {
  const ids = useDescribed(id, hint, error);
  return (
    <Wrap label={label} hint={hint} error={error} ids={ids}>
      <select id={ids.controlId} className={s.input} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...rest}>
        {children}
      </select>
    </Wrap>
  );
}

export function TextAreaField({ label, hint, error, id, ref, ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; hint?: string; error?: string; ref?: Ref<HTMLTextAreaElement> }) {
  const ids = useDescribed(id, hint, error);
  return (
    <Wrap label={label} hint={hint} error={error} ids={ids}>
      <textarea ref={ref} id={ids.controlId} className={s.input} rows={5} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...rest} />
    </Wrap>
  );
}

/**
 * A browser cannot put chosen files back into a file input, and React resets a form after its
 * action: when the submission failed, the person is told their files must be chosen again
 * (`failed` and `chooseAgain` from the form), instead of finding the input silently empty.
 */
export function FileField({ label, hint, error, id, failed, chooseAgain, onChange, ...rest }: React.InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string; error?: string; failed?: boolean; chooseAgain?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [submitted, setSubmitted] = useState(0);
  useEffect(() => {
    const form = input.current?.form;
    if (!form) return;
    const onSubmit = () => setSubmitted(input.current?.files?.length ?? 0);
    form.addEventListener("submit", onSubmit);
    return () => form.removeEventListener("submit", onSubmit);
  }, []);
  const message = error ?? (failed && submitted > 0 && chooseAgain ? chooseAgain : undefined);
  const ids = useDescribed(id, hint, message);
  return (
    <Wrap label={label} hint={hint} error={message} ids={ids}>
      <input
        ref={input} type="file" id={ids.controlId} className={s.input} aria-invalid={message ? true : undefined} aria-describedby={ids.describedBy}
        accept="application/pdf,image/png,image/jpeg" multiple
        onChange={(e) => { setSubmitted(0); onChange?.(e); }}
        {...rest}
      />
    </Wrap>
  );
}
