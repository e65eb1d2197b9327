import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_VERSION } from '../../lib/identity/notice';
import { listAuditEvents } from '../../lib/server/audit/list-events';
import { recordNotFound } from '../../lib/server/audit/record-not-found';
import { loadAccess } from '../../lib/server/auth/access';
import { AppError } from '../../lib/server/errors';
import { acceptNotice } from '../../lib/server/identity/accept-notice';
import { submitIdentity } from '../../lib/server/identity/submit';
import { openReview } from '../../lib/server/reviews/open-review';
import { freshDb, type TestDb } from '../helpers/db';
import { makeDepartment, makeIdNumber, makeReadyPhoto, makeStaff, makeStudent, makeUser, validForm } from '../factories';

/**
 * A reviewer who opens a student of another department (by typing or guessing the URL) sees the
 * same "not found" as for an id that does not exist, and the attempt is in the audit log — written
 * through RLS as the reviewer, read by an auditor.
 */
let t: TestDb;
beforeAll(async () => {
  t = await freshDb();
});
afterAll(async () => t?.cleanup());

async function submittedRecord(departmentId: string): Promise<string> {
  const u = await makeUser(t.db);
  const s = await makeStudent(t.db, departmentId, { userId: u.id });
  const access = (await loadAccess(u.ctx))!;
  await acceptNotice({ access, input: { version: NOTICE_VERSION } });
  for (const kind of ['id_front', 'id_back']) await makeReadyPhoto(t.db, s.id, u.id, kind);
  await submitIdentity({
    access,
    input: { form: validForm({ idNumber: makeIdNumber('19990101', 'female'), birthDate: '1999-01-01' }), idempotencyKey: randomUUID() },
  });
  const [rec] = await t.db.query<{ id: string }>('select id from public.identity_records where student_id = $1', [s.id]);
  return rec!.id;
}

describe('cross-department URLs', () => {
  it('are not found for the reviewer and audited as access.not_found', async () => {
    const cs = await makeDepartment(t.db);
    const fl = await makeDepartment(t.db);
    const reviewer = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: cs.id })).ctx))!;
    const auditor = (await loadAccess((await makeStaff(t.db, 'auditor')).ctx))!;
    const own = await submittedRecord(cs.id);
    const foreign = await submittedRecord(fl.id);

    expect((await openReview({ access: reviewer, input: { recordId: own } })).record.id).toBe(own);
    const refused = await openReview({ access: reviewer, input: { recordId: foreign } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('not_found');

    // What app/staff/reviews/[id]/page.tsx does before notFound().
    await recordNotFound({ access: reviewer, input: { entityType: 'identity_record', entityId: foreign, path: `/staff/reviews/${foreign}` } });
    await recordNotFound({ access: reviewer, input: { entityType: 'identity_record', entityId: 'not-a-uuid', path: '/staff/reviews/not-a-uuid' } });

    const events = (await listAuditEvents({ access: auditor, limit: 20 })).filter((e) => e.action === 'access.not_found');
    expect(events).toHaveLength(2);
    const byId = events.find((e) => e.entityId === foreign)!;
    expect(byId).toMatchObject({ entityType: 'identity_record', actorRole: 'reviewer', details: { path: `/staff/reviews/${foreign}` } });
    const [actor] = await t.db.query<{ actor_id: string }>(`select actor_id from public.audit_events where action = 'access.not_found' and entity_id = $1`, [
      foreign,
    ]);
    expect(actor!.actor_id).toBe(reviewer.user.id);
    // A malformed id is kept out of entity_id (only in the path, truncated).
    expect(events.find((e) => e.entityId === null)?.details).toEqual({ path: '/staff/reviews/not-a-uuid' });
  });
});
