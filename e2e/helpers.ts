import { expect, type APIRequestContext, type Page } from "@playwright/test";
import pg from "pg";

export const mailApi = () => `http://127.0.0.1:${process.env.E2E_MAIL_HTTP_PORT ?? "2580"}`;

type Mail = { id: string; to: string[]; subject: string; links: string[] };

export async function clearMail(request: APIRequestContext) {
  await request.delete(`${mailApi()}/messages`);
}

/** Waits for a mail to arrive at the catcher (the app sends after responding). */
export async function waitForSignInLink(request: APIRequestContext, email: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get(`${mailApi()}/messages?to=${encodeURIComponent(email)}`);
        const mails = (await res.json()) as Mail[];
        link = mails[0]?.links.find((l) => l.includes("/api/auth/callback/email"));
        return link;
      },
      { timeout: 10_000 },
    )
    .toBeTruthy();
  return link!;
}

export async function mailCount(request: APIRequestContext, email: string): Promise<number> {
  const res = await request.get(`${mailApi()}/messages?to=${encodeURIComponent(email)}`);
  return ((await res.json()) as Mail[]).length;
}

/** Signs in through the demo picker: a real one-time link and the real next-auth callback. */
export async function signInAs(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByTestId(`demo-sign-in-${email}`).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in") && !url.pathname.startsWith("/api/"));
}

export async function sessionCookie(page: Page) {
  const cookies = await page.context().cookies();
  return cookies.find((c) => c.name === "next-auth.session-token");
}

export async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
