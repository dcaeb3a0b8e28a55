// Error text is shown on the desk (failed events, resync and reconciliation runs) and logged:
// keep it short and strip anything key-shaped.
export function safeErrorText(error: unknown): string {
  // Prisma messages embed source excerpts: keep the last line, which states the problem.
  const message = error instanceof Error ? (error.message.trim().split("\n").filter(Boolean).pop() ?? "") : String(error);
  const raw = error instanceof Error ? `${error.name}: ${message}` : message;
  return raw
    .replace(/\b(sk|rk|pk)_(test|live)_[A-Za-z0-9_]+/g, "[key]")
    .replace(/whsec_[A-Za-z0-9_]+/g, "[secret]")
    .slice(0, 500);
}
