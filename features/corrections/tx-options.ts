// Interactive transactions that wait on a correction's row lock (held briefly by an issuer or
// a webhook confirmation) get more than Prisma's defaults (2 s to start, 5 s to run): on a busy
// pool a confirmation must wait, not fail.
export const TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;
