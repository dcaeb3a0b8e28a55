// "Dispute selected lines" is a plain GET form (checkboxes named `lines`); the dispute form
// expects one comma-separated `lines` parameter, so this joins them and redirects.
// The Location is relative: behind a proxy, request.url names the address Next listens on
// (http://localhost:<port>), not the one the browser used.
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const url = new URL(request.url);
  const lines = url.searchParams
    .getAll("lines")
    .filter((l) => /^[\w-]{1,64}$/.test(l))
    .slice(0, 200);
  const query = new URLSearchParams({ invoice: id });
  if (lines.length) query.set("lines", lines.join(","));
  return new Response(null, { status: 303, headers: { Location: `/disputes/new?${query}` } });
}
