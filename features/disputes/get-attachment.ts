import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { isWellFormedId } from "@/lib/input";
import { isStaffRole } from "@/features/auth/roles";
import { assertCustomer, type Actor, customerIdsOf } from "@/features/auth/actor";
import { storedFilePath } from "./attachments";
import { downloadFileName } from "./magic-bytes";

/**
 * An attachment for download. Staff see all; a customer only those of their own disputes that
 * sit on a public message (an internal note's file is as private as the note, and a file whose
 * message row is gone has no visibility to go by). Anything else
 * is a 404, not a 403: the caller learns nothing about other people's files.
 */
export async function getAttachmentForDownload(db: Db, options: { actor: Actor; attachmentId: string }) {
  const actor = options.actor;
  const staff = actor && isStaffRole(actor.role);
  if (!staff) assertCustomer(actor);
  if (!isWellFormedId(options.attachmentId)) throw new NotFoundError("Attachment not found");
  const a = await db.attachment.findFirst({
    where: {
      id: options.attachmentId,
      ...(staff
        ? {}
        : {
            dispute: { customerId: { in: await customerIdsOf(db, actor!.id) } },
            // A file with no message row (messageId null) is not known to be public: refused.
            message: { visibility: "PUBLIC" },
          }),
    },
    select: { fileName: true, storedName: true, mimeType: true, sizeBytes: true, sha256: true },
  });
  if (!a) throw new NotFoundError("Attachment not found");
  return { ...a, downloadName: downloadFileName(a.fileName, a.mimeType), path: storedFilePath(a.storedName) };
}
