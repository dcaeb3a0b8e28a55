// Behind a load balancer the rightmost X-Forwarded-For entry is the one our proxy added;
// entries to its left come from the client and can be forged.
export function clientIp(h: { get(name: string): string | null }): string {
  const forwarded = h.get("x-forwarded-for");
  if (forwarded) {
    const parts = forwarded.split(",").map((p) => p.trim()).filter(Boolean);
    if (parts.length) return parts[parts.length - 1];
  }
  return h.get("x-real-ip")?.trim() || "unknown";
}
