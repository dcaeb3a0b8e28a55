import "server-only";
import { getDb } from "@/lib/db";
import { createActionBuilder } from "@/lib/server-action";
import { getSessionUser } from "./get-session-user";

/**
 * Every server action is `action({ name, input, run, revalidate, done })` (lib/server-action.ts)
 * with this context: the database and the session actor, which the use case checks itself.
 */
export const action = createActionBuilder(async () => ({ db: await getDb(), actor: await getSessionUser() }));
