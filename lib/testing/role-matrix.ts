// Role-matrix helpers for integration tests: one generated test per entry point × caller role,
// so a guard that is missing or too loose fails by name ("requestResync · agent → refused").
import { expect, it } from "vitest";
import type { Role } from "@prisma/client";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";

export type Who = "anonymous" | "customer" | "agent" | "lead" | "admin";
/** Every kind of caller, least privileged first (the order of the generated tests). */
export const everyone: readonly Who[] = ["anonymous", "customer", "agent", "lead", "admin"];

const rank: Record<Who, number> = { anonymous: -1, customer: 0, agent: 1, lead: 2, admin: 3 };
const minRank = { AGENT: 1, LEAD: 2, ADMIN: 3 } as const;
export type MinRole = keyof typeof minRank;

export const allowed = (who: Who, min: MinRole): boolean => rank[who] >= minRank[min];

const roles: [Exclude<Who, "anonymous">, Role][] = [
  ["customer", "CUSTOMER"],
  ["agent", "AGENT"],
  ["lead", "LEAD"],
  ["admin", "ADMIN"],
];

/**
 * Fills `actors` with one signed-in user per role (created in this order by `create`) and
 * `null` for anonymous. Fills in place so tests generated before `beforeAll` see the users.
 */
export async function createRoleActors<A>(actors: Record<Who, A | null>, create: (role: Role, who: Who) => Promise<A>): Promise<void> {
  actors.anonymous = null;
  for (const [who, role] of roles) actors[who] = await create(role, who);
}

export type MatrixCase<A, R> = { name: string; min: MinRole; call: (actor: A) => Promise<R> };
type ActionState = { status: string; message?: string };

/** Feature functions check the role themselves: allowed roles resolve, others get the typed error. */
export function featureMatrix<A>(cases: readonly MatrixCase<A, unknown>[], actors: Readonly<Record<Who, A>>): void {
  for (const f of cases) {
    for (const who of everyone) {
      const ok = allowed(who, f.min);
      it(`${f.name} · ${who} → ${ok ? "allowed" : "refused"}`, async () => {
        const result = f.call(actors[who]);
        if (ok) await expect(result).resolves.toBeDefined();
        else await expect(result).rejects.toBeInstanceOf(who === "anonymous" ? UnauthenticatedError : ForbiddenError);
      });
    }
  }
}

/**
 * Server actions read the caller from the session (`session.current`, which the test file's
 * getSessionUser mock returns): allowed roles get status "ok", others the plain-words message.
 */
export function actionMatrix<A>(cases: readonly MatrixCase<A, ActionState>[], actors: Readonly<Record<Who, A>>, session: { current: unknown }): void {
  for (const c of cases) {
    for (const who of everyone) {
      const ok = allowed(who, c.min);
      it(`${c.name} · ${who} → ${ok ? "allowed" : "refused"}`, async () => {
        session.current = actors[who];
        const state = await c.call(actors[who]);
        if (ok) expect(state.status).toBe("ok");
        else expect(state.message).toBe(who === "anonymous" ? "disputes.err.signIn" : "disputes.err.forbidden");
      });
    }
  }
}

export const form = (fields: Record<string, string>): FormData => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
};
export const idle = { status: "idle" as const };
