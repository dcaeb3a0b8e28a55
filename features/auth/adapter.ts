import "server-only";
import type { Adapter, AdapterAccount, AdapterSession, AdapterUser } from "next-auth/adapters";
import type { Db } from "@/lib/db";

// next-auth's Prisma adapters are not installed; this is the small subset of the adapter
// contract that the email provider with database sessions uses. Tokens arrive here already
// hashed by next-auth (sha256 of token + secret), so only hashes are stored.

type DbUser = { id: string; email: string; name: string | null; emailVerified: Date | null; image: string | null };
const toAdapterUser = (u: DbUser): AdapterUser => ({ id: u.id, email: u.email, name: u.name, emailVerified: u.emailVerified, image: u.image });
const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function createSettleAdapter(getDb: () => Promise<Db>): Adapter {
  return {
    async createUser(user: Omit<AdapterUser, "id">) {
      const db = await getDb();
      // New users are always customers; staff roles are only granted through user:grant.
      const created = await db.user.create({
        data: { email: normalizeEmail(user.email), name: user.name ?? null, emailVerified: user.emailVerified ?? null, image: user.image ?? null },
      });
      return toAdapterUser(created);
    },
    async getUser(id) {
      const db = await getDb();
      const u = await db.user.findUnique({ where: { id } });
      return u ? toAdapterUser(u) : null;
    },
    async getUserByEmail(email) {
      const db = await getDb();
      const u = await db.user.findUnique({ where: { email: normalizeEmail(email) } });
      return u ? toAdapterUser(u) : null;
    },
    async getUserByAccount({ provider, providerAccountId }) {
      const db = await getDb();
      const account = await db.account.findUnique({
        where: { provider_providerAccountId: { provider, providerAccountId } },
        include: { user: true },
      });
      return account ? toAdapterUser(account.user) : null;
    },
    async updateUser({ id, ...data }) {
      const db = await getDb();
      const u = await db.user.update({
        where: { id },
        data: {
          ...(data.name !== undefined ? { name: data.name } : {}),
          ...(data.emailVerified !== undefined ? { emailVerified: data.emailVerified } : {}),
          ...(data.image !== undefined ? { image: data.image } : {}),
        },
      });
      return toAdapterUser(u);
    },
    async linkAccount(account: AdapterAccount) {
      const db = await getDb();
      await db.account.create({
        data: {
          userId: account.userId,
          type: account.type,
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          refresh_token: account.refresh_token ?? null,
          access_token: account.access_token ?? null,
          expires_at: account.expires_at ?? null,
          token_type: account.token_type ?? null,
          scope: account.scope ?? null,
          id_token: account.id_token ?? null,
          session_state: typeof account.session_state === "string" ? account.session_state : null,
        },
      });
    },
    async createSession(session) {
      const db = await getDb();
      const s = await db.session.create({ data: session });
      return { sessionToken: s.sessionToken, userId: s.userId, expires: s.expires };
    },
    async getSessionAndUser(sessionToken) {
      const db = await getDb();
      const s = await db.session.findUnique({ where: { sessionToken }, include: { user: true } });
      if (!s) return null;
      const session: AdapterSession = { sessionToken: s.sessionToken, userId: s.userId, expires: s.expires };
      return { session, user: toAdapterUser(s.user) };
    },
    async updateSession({ sessionToken, ...data }) {
      const db = await getDb();
      const rows = await db.session.updateManyAndReturn({ where: { sessionToken }, data });
      const s = rows[0];
      return s ? { sessionToken: s.sessionToken, userId: s.userId, expires: s.expires } : null;
    },
    async deleteSession(sessionToken) {
      const db = await getDb();
      // deleteMany: signing out twice (two tabs) is not an error.
      await db.session.deleteMany({ where: { sessionToken } });
    },
    async createVerificationToken(token) {
      const db = await getDb();
      const t = await db.verificationToken.create({ data: { ...token, identifier: normalizeEmail(token.identifier) } });
      return t;
    },
    async useVerificationToken({ identifier, token }) {
      const db = await getDb();
      // A single DELETE … RETURNING: two concurrent clicks on the same link cannot both win,
      // and a used link is gone.
      const rows = await db.$queryRaw<{ identifier: string; token: string; expires: Date }[]>`
        DELETE FROM "VerificationToken" WHERE identifier = ${normalizeEmail(identifier)} AND token = ${token}
        RETURNING identifier, token, expires`;
      return rows[0] ?? null;
    },
  };
}
