import { NextResponse } from "next/server";

// "Dispute selected lines" is a plain GET form (checkboxes named `lines`); the dispute form
// expects one comma-separated `lines` parameter, so this joins them and redirects.
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const url = new URL(request.url);
  const lines = url.searchParams.getAll("lines").filter((l) => /^[\w-]{1,64}$/.test(l)).slice(0, 200);
  const target = new URL("/disputes/new", url);
  target.searchParams.set("invoice", id);
  if (lines.length) target.searchParams.set("lines", lines.join(","));
  return NextResponse.redirect(target, 303);
}
