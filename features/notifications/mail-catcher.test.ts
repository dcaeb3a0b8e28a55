import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractLinks, startMailCatcher, type MailCatcher } from "./mail-catcher";

describe("mail catcher", () => {
  let catcher: MailCatcher;
  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  });
  afterAll(() => catcher.close());

  it("receives mail over SMTP and serves it over HTTP", async () => {
    const transport = nodemailer.createTransport(`smtp://127.0.0.1:${catcher.smtpPort}`);
    await transport.sendMail({
      from: "billing@settle.local",
      to: "alice@example.com",
      subject: "Your link",
      text: "Open http://localhost:3000/api/auth/callback/email?token=abc&email=alice%40example.com now",
      html: '<a href="http://localhost:3000/x?a=1&amp;b=2">go</a>',
    });
    const base = `http://127.0.0.1:${catcher.httpPort}`;
    const list = (await (await fetch(`${base}/messages?to=alice@example.com`)).json()) as { id: string; subject: string; links: string[] }[];
    expect(list).toHaveLength(1);
    expect(list[0].subject).toBe("Your link");
    expect(list[0].links).toContain("http://localhost:3000/api/auth/callback/email?token=abc&email=alice%40example.com");
    expect(list[0].links).toContain("http://localhost:3000/x?a=1&b=2");
    const one = await fetch(`${base}/messages/${list[0].id}`);
    expect(one.status).toBe(200);
    expect(await (await fetch(`${base}/messages?to=bob@example.com`)).json()).toEqual([]);
    await fetch(`${base}/messages`, { method: "DELETE" });
    expect(catcher.messages()).toEqual([]);
    expect((await fetch(`${base}/messages/${list[0].id}`)).status).toBe(404);
  });

  it("extracts links from text and html without duplicates", () => {
    expect(extractLinks("a http://x.test/1 b http://x.test/1", '<a href="http://x.test/2">')).toEqual(["http://x.test/1", "http://x.test/2"]);
  });
});
