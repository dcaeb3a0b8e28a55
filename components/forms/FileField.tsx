"use client";
import { useEffect, useRef, useState } from "react";
import s from "@/components/ui/ui.module.css";
import { useDescribed, Wrap } from "./FormControls";

/**
 * A browser cannot put chosen files back into a file input, and React resets a form after its
 * action: when the submission failed, the person is told their files must be chosen again
 * (`failed` and `chooseAgain` from the form), instead of finding the input silently empty.
 */
export function FileField({
  label,
  hint,
  error,
  id,
  failed,
  chooseAgain,
  onChange,
  ...rest
}: React.InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string; error?: string; failed?: boolean; chooseAgain?: string }) {
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
        ref={input}
        type="file"
        id={ids.controlId}
        className={s.input}
        aria-invalid={message ? true : undefined}
        aria-describedby={ids.describedBy}
        accept="application/pdf,image/png,image/jpeg"
        multiple
        onChange={(e) => {
          setSubmitted(0);
          onChange?.(e);
        }}
        {...rest}
      />
    </Wrap>
  );
}
