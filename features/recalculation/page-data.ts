import "server-only";
import { notFound } from "next/navigation";
import { getSessionUser } from "@/features/auth/get-session-user";
import { guardPage } from "@/features/auth/require-user";
import { getDb } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { getRecalculationPage } from "./get-recalculation-page";

// Page loader for app/: not signed in → sign-in; not staff or not found → 404.
export const loadRecalculationPage = (disputeId: string) =>
  guardPage(async () => {
    try {
      return await getRecalculationPage(await getDb(), { actor: await getSessionUser(), disputeId });
    } catch (err) {
      if (err instanceof NotFoundError) notFound();
      throw err;
    }
  });
