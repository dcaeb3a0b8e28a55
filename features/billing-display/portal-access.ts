import "server-only";
import { notFound } from "next/navigation";
import { guardPage, requireCustomer } from "@/features/auth/require-user";
import { getDb, type Db } from "@/lib/db";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/errors";
import { logger } from "@/lib/logger";

/** For portal pages: the signed-in customer's ids and the database, and a 404 page for "not found or not yours". */
export async function forCustomerPage<T>(load: (customerIds: string[], db: Db) => Promise<T>): Promise<T> {
  const { customerIds } = await guardPage(requireCustomer);
  try {
    return await load(customerIds, await getDb());
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

/** For portal route handlers (PDF, CSV): 401 anonymous; 404 for other people's data or staff. */
export async function forCustomerFile(
  load: (customerIds: string[], db: Db) => Promise<{ body: string | Buffer; type: string; fileName: string }>,
): Promise<Response> {
  try {
    const { customerIds } = await requireCustomer();
    const file = await load(customerIds, await getDb());
    return new Response(typeof file.body === "string" ? file.body : new Uint8Array(file.body), {
      headers: {
        "content-type": file.type,
        "content-disposition": `attachment; filename="${file.fileName}"`,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    if (error instanceof UnauthenticatedError) return new Response("Please sign in.", { status: 401 });
    if (error instanceof NotFoundError || error instanceof ForbiddenError) return new Response("Not found", { status: 404 });
    logger.error({ err: error }, "portal file failed");
    return new Response("Something went wrong.", { status: 500 });
  }
}
