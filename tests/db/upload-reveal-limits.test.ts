import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_VERSION } from '../../lib/identity/notice';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { withRls } from '../../lib/server/db/rls';
import { createPhotoUpload } from '../../lib/server/documents/create-upload';
import { expireAbandonedUploads, UPLOAD_GRACE_SECONDS } from '../../lib/server/documents/expire-uploads';
import { finalizePhotoUpload } from '../../lib/server/documents/finalize-upload';
import { acceptNotice } from '../../lib/server/identity/accept-notice';
import { submitIdentity } from '../../lib/server/identity/submit';
import { budgetOf } from '../../lib/server/ratelimit';
import { revealIdNumber } from '../../lib/server/reviews/reveal-id-number';
import { getStore } from '../../lib/server/storage';
import { freshDb, testEngine, type TestDb } from '../helpers/db';
import { makeDepartment, makeIdNumber, makeReadyPhoto, makeStaff, makeStudent, makeUser, validForm } from '../factories';

// Small budgets for this file only (each test file runs in its own process; env is read once).
process.env.RATE_LIMITS = 'upload=3/3600,reveal=2/3600';

let t: TestDb;
let dept: { id: string };
beforeAll(async () => {
  t = await freshDb();
  dept = await makeDepartment(t.db);
});
afterAll(async () => t?.cleanup());

async function student(): Promise<Access & { student: NonNullable<Access['student']> }> {
  const u = await makeUser(t.db);
  await makeStudent(t.db, dept.id, { userId: u.id });
  return (await loadAccess(u.ctx)) as Access & { student: NonNullable<Access['student']> };
}
const upload = (a: Access) => createPhotoUpload({ access: a, input: { kind: 'id_front', contentType: 'image/jpeg', bytes: 1000 } });

describe(`upload slots per student on ${testEngine}`, () => {
  it('reads the overridden budgets', () => {
    expect(budgetOf('upload')).toEqual({ points: 3, duration: 3600 });
    expect(budgetOf('reveal')).toEqual({ points: 2, duration: 3600 });
  });

  it('refuses the slot after the budget with rate_limited and its message; another student is unaffected', async () => {
    const a = await student();
    for (let i = 0; i < 3; i++) await upload(a);
    const err = await upload(a).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'rate_limited', status: 429, userMessage: 'ratelimit.upload' });
    expect((err as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(3500);
    // The refused call left no pending row behind.
    const rows = await t.db.query('select 1 from public.documents where student_id = $1', [a.student.id]);
    expect(rows).toHaveLength(3);
    const b = await student();
    await expect(upload(b)).resolves.toMatchObject({ upload: { method: 'PUT' } });
  });

  it('records when the signed target expires, and a student cannot push that further out', async () => {
    const a = await student();
    const created = await upload(a);
    const [row] = await t.db.query<{ upload_expires_at: Date | string }>('select upload_expires_at from public.documents where id = $1', [created.documentId]);
    expect(new Date(row!.upload_expires_at).getTime()).toBe(created.upload.expiresAt.getTime());
    await expect(
      withRls(a.ctx, (tx) =>
        tx.query(
          `insert into public.documents (student_id, kind, upload_key, uploaded_by, upload_expires_at)
           values ($1, 'id_front', $2, $3, now() + interval '1 day')`,
          [a.student.id, `id-photo/${a.student.id}/${'A'.repeat(22)}`, a.user.id],
        ),
      ),
    ).rejects.toMatchObject({ code: '23514' });
  });
});

describe(`abandoned uploads expire on ${testEngine}`, () => {
  it('deletes the original, marks the row expired, audits the count, and finalize then says so', async () => {
    const a = await student();
    const old = await upload(a);
    const live = await upload(a);
    const keys = Object.fromEntries(
      (
        await t.db.query<{ id: string; upload_key: string }>('select id, upload_key from public.documents where id = any($1::uuid[])', [
          [old.documentId, live.documentId],
        ])
      ).map((r) => [r.id, r.upload_key]),
    );
    await getStore().put(keys[old.documentId]!, new Uint8Array([0xff, 0xd8, 0xff, 0]), 'image/jpeg');
    // The old one's link expired longer ago than the grace period.
    await t.db.query(`update public.documents set upload_expires_at = now() - make_interval(secs => $2 + 60) where id = $1`, [
      old.documentId,
      UPLOAD_GRACE_SECONDS,
    ]);

    const before = await t.db.query(`select 1 from public.audit_events where action = 'document.uploads_expired'`);
    const res = await expireAbandonedUploads();
    expect(res).toEqual({ expired: 1, failed: 0 });
    expect(await getStore().get(keys[old.documentId]!)).toBeNull();
    const states = await t.db.query<{ id: string; status: string; reject_code: string | null }>(
      'select id, status, reject_code from public.documents where id = any($1::uuid[]) order by created_at',
      [[old.documentId, live.documentId]],
    );
    expect(states).toEqual([
      { id: old.documentId, status: 'rejected', reject_code: 'photo.errors.uploadExpired' },
      { id: live.documentId, status: 'pending', reject_code: null },
    ]);
    const after = await t.db.query<{ details: { count: number } }>(`select details from public.audit_events where action = 'document.uploads_expired'`);
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)!.details.count).toBe(1);
    await expect(finalizePhotoUpload({ access: a, input: { documentId: old.documentId } })).rejects.toMatchObject({
      code: 'expired',
      status: 410,
      userMessage: 'photo.errors.uploadExpired',
    });
    // Running again finds nothing more.
    expect(await expireAbandonedUploads()).toEqual({ expired: 0, failed: 0 });
  });

  it('refuses to finalize a pending upload past its expiry even before the job ran', async () => {
    const a = await student();
    const doc = await upload(a);
    await t.db.query(`update public.documents set upload_expires_at = now() - make_interval(secs => $2 + 1) where id = $1`, [
      doc.documentId,
      UPLOAD_GRACE_SECONDS,
    ]);
    await expect(finalizePhotoUpload({ access: a, input: { documentId: doc.documentId } })).rejects.toMatchObject({
      userMessage: 'photo.errors.uploadExpired',
    });
  });

  it('keeps the row pending and fails the job when storage cannot delete, so the queue retries', async () => {
    const a = await student();
    const doc = await upload(a);
    await t.db.query(`update public.documents set upload_expires_at = now() - interval '1 day' where id = $1`, [doc.documentId]);
    const failing = { delete: async () => Promise.reject(new Error('storage down')) };
    await expect(expireAbandonedUploads({ store: failing })).rejects.toThrow(/could not be deleted/);
    const [row] = await t.db.query<{ status: string }>('select status from public.documents where id = $1', [doc.documentId]);
    expect(row!.status).toBe('pending');
    expect(await expireAbandonedUploads()).toMatchObject({ failed: 0 });
    const [done] = await t.db.query<{ status: string }>('select status from public.documents where id = $1', [doc.documentId]);
    expect(done!.status).toBe('rejected');
  });
});

describe(`ID-number reveal per reviewer on ${testEngine}`, () => {
  it('refuses over the budget with its message and audits each refused reveal, the first one marked', async () => {
    const u = await makeUser(t.db);
    const s = await makeStudent(t.db, dept.id, { userId: u.id });
    const sa = (await loadAccess(u.ctx))!;
    await acceptNotice({ access: sa, input: { version: NOTICE_VERSION } });
    for (const kind of ['id_front', 'id_back']) await makeReadyPhoto(t.db, s.id, u.id, kind);
    const y = 1980 + Math.floor(Math.random() * 25);
    const birthDate = `${y}-03-14`;
    await submitIdentity({
      access: sa,
      input: { form: validForm({ idNumber: makeIdNumber(`${y}0314`, 'female', '110105'), birthDate }), idempotencyKey: randomUUID() },
    });
    const [rec] = await t.db.query<{ id: string }>('select id from public.identity_records where student_id = $1', [s.id]);
    const reviewer = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: dept.id })).ctx))!;
    const other = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: dept.id })).ctx))!;
    const reveal = (who: Access) => revealIdNumber({ access: who, input: { recordId: rec!.id } });

    await reveal(reviewer);
    await reveal(reviewer);
    for (let i = 0; i < 2; i++) {
      await expect(reveal(reviewer)).rejects.toMatchObject({ code: 'rate_limited', status: 429, userMessage: 'ratelimit.reveal' });
    }
    await expect(reveal(other)).resolves.toMatchObject({ idNumber: expect.any(String) });
    const events = await t.db.query<{ action: string; actor_id: string; details: { first_in_window?: boolean } }>(
      `select action, actor_id, details from public.audit_events where entity_id = $1 and action like 'id_number.%' order by id`,
      [rec!.id],
    );
    const mine = events.filter((e) => e.actor_id === reviewer.user.id);
    expect(mine.map((e) => e.action)).toEqual(['id_number.reveal', 'id_number.reveal', 'id_number.reveal_limited', 'id_number.reveal_limited']);
    expect(mine.slice(2).map((e) => e.details.first_in_window)).toEqual([true, false]);
  });
});
