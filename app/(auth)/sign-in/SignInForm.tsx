"use client";
import { useActionState } from "react";
import { requestSignInLinkAction, type SignInFormState } from "@/features/auth/actions";
import { Alert, Button, Field } from "@/components/ui";
import { createT, type Locale } from "@/lib/i18n";

export function SignInForm({ locale, callbackUrl }: { locale: Locale; callbackUrl: string }) {
  const t = createT(locale);
  const [state, action, pending] = useActionState<SignInFormState, FormData>(requestSignInLinkAction, { status: "idle" });
  const result = state.result;

  if (result?.status === "sent") {
    return (
      <div>
        <h1>{t("signIn.sentTitle")}</h1>
        <Alert tone="success">
          <p>{t("signIn.sentBody", { email: result.email })}</p>
        </Alert>
        <a href={`/sign-in?${new URLSearchParams({ callbackUrl })}`}>{t("signIn.sentAgain")}</a>
      </div>
    );
  }

  return (
    <form action={action} noValidate>
      <h1>{t("signIn.title")}</h1>
      <p>{t("signIn.intro")}</p>
      {result?.status === "rate_limited" && (
        <Alert tone="danger">
          <p>{t("signIn.rateLimited", { minutes: Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) })}</p>
        </Alert>
      )}
      {result?.status === "error" && (
        <Alert tone="danger">
          <p>{t("signIn.failed")}</p>
        </Alert>
      )}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field
        label={t("signIn.email")}
        hint={t("signIn.emailHint")}
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        defaultValue={state.email}
        error={result?.status === "invalid" ? t("signIn.invalidEmail") : undefined}
      />
      <Button type="submit" block disabled={pending}>
        {t("signIn.submit")}
      </Button>
    </form>
  );
}
