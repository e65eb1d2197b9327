import 'server-only';
import { withAdmin } from '../db/admin';
import { getStore, type ObjectStore } from '../storage';

/**
 * After its signed target expires, a pending upload gets this long for the phone's finalize call
 * (slow networks, a retried request) before it counts as abandoned.
 */
export const UPLOAD_GRACE_SECONDS = 600;
const BATCH = 500;

/**
 * Abandoned uploads (the `documents.expire_uploads` schedule): pending documents past their
 * upload expiry plus the grace period. The original in storage (it may carry EXIF/GPS) is deleted
 * first, then the row becomes `rejected` with reject_code photo.errors.uploadExpired — a crash in
 * between leaves a pending row whose object is gone, and the next run finishes it (delete is
 * idempotent). One system audit event per run with the count.
 */
export async function expireAbandonedUploads(opts: { now?: Date; store?: Pick<ObjectStore, 'delete'> } = {}): Promise<{ expired: number; failed: number }> {
  const now = opts.now ?? new Date();
  const store = opts.store ?? getStore();
  const candidates = await withAdmin((tx) =>
    tx.query<{ id: string; upload_key: string }>(
      `select id, upload_key from public.documents
       where status = 'pending' and coalesce(upload_expires_at, created_at + interval '2 hours') + make_interval(secs => $1) < $2::timestamptz
       order by created_at limit ${BATCH}`,
      [UPLOAD_GRACE_SECONDS, now.toISOString()],
    ),
  );
  const deleted: string[] = [];
  const failures: unknown[] = [];
  for (const c of candidates) {
    try {
      await store.delete(c.upload_key);
      deleted.push(c.id);
    } catch (e) {
      failures.push(e);
    }
  }
  const expired = deleted.length
    ? await withAdmin(async (tx) => {
        const rows = await tx.query<{ id: string }>(
          `update public.documents set status = 'rejected', reject_code = 'photo.errors.uploadExpired', processed_at = $2::timestamptz
           where id = any($1::uuid[]) and status = 'pending' returning id`,
          [deleted, now.toISOString()],
        );
        if (rows.length) {
          await tx.query(
            `insert into public.audit_events (actor_id, actor_role, action, entity_type, entity_id, details)
             values (null, 'system', 'document.uploads_expired', 'document', null, $1::text::jsonb)`,
            [JSON.stringify({ count: rows.length, grace_seconds: UPLOAD_GRACE_SECONDS })],
          );
        }
        return rows.length;
      })
    : 0;
  // The queue retries a failed job with backoff; what was deleted is already recorded.
  if (failures.length) throw new AggregateError(failures, `${failures.length} abandoned upload(s) could not be deleted from storage`);
  return { expired, failed: failures.length };
}
