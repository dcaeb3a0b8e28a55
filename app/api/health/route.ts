import { healthResponse } from "@/features/stripe-sync/desk/get-sync-health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  return healthResponse();
}
