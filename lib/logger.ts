import pino from "pino";

// Secrets, card data and personal data never reach the logs: these keys are redacted
// wherever they appear in a logged object (two levels deep).
const redactKeys = [
  "email",
  "to",
  "from",
  "authorization",
  "cookie",
  "password",
  "token",
  "secret",
  "stripeSignature",
  "stripe-signature",
  "sessionToken",
  "card",
  "number",
  "cvc",
  "body",
  "text",
  "html",
];

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { app: "settle" },
  redact: {
    paths: [...redactKeys, ...redactKeys.map((k) => `*.${k}`), ...redactKeys.map((k) => `*.*.${k}`)],
    censor: "[redacted]",
  },
});

export type Logger = typeof logger;
