import "server-only";
import { getDb } from "@/lib/db";
import { createActionBuilder, createRedirectActionBuilder } from "@/lib/server-action";
import { getSessionUser } from "./get-session-user";

const context = async () => ({ db: await getDb(), actor: await getSessionUser() });

/**
 * Every server action is `action({ name, input, run, revalidate, done })` (lib/server-action.ts)
 * with this context: the database and the session actor, which the use case checks itself.
 */
export const action = createActionBuilder(context);

/** The same for a no-JavaScript form that ends in a redirect: `redirectAction({ …, redirectTo, failed })`. */
export const redirectAction = createRedirectActionBuilder(context);
