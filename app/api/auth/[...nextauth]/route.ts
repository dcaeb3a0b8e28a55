import NextAuth from "next-auth";
import { authOptions } from "@/features/auth/auth-options";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };

const handle = (req: Request, ctx: Ctx) => (NextAuth(authOptions()) as unknown as (r: Request, c: Ctx) => Promise<Response>)(req, ctx);

export const GET = handle;

// Links are requested through the sign-in page (rate limited, same answer for every address);
// next-auth's own email sign-in endpoint would bypass both, so it is closed.
export async function POST(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth[0] === "signin") return Response.json({ error: "Use /sign-in" }, { status: 404 });
  return handle(req, ctx);
}
