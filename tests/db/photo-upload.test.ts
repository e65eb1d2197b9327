import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { createPhotoUpload } from '../../lib/server/documents/create-upload';
import { finalizePhotoUpload } from '../../lib/server/documents/finalize-upload';
import { getStore } from '../../lib/server/storage';
import { freshDb, type TestDb } from '../helpers/db';
import { makeDepartment, makeStudent, makeUser } from '../factories';

// create → (the browser's PUT, done here through the same store the signed URL writes to) → finalize.
let t: TestDb;
let alice: Access, bob: Access;

async function photo(): Promise<Buffer> {
  const { data, info } = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 90, g: 120, b: 160 } } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="1200" height="800"><rect x="100" y="100" width="600" height="400" fill="#fff"/><circle cx="900" cy="400" r="200" fill="#333"/></svg>',
        ),
      },
    ])
    .jpeg({ quality: 85 })
    .toBuffer({ resolveWithObject: true });
  expect(info.format).toBe('jpeg');
  return data;
}

async function uploadKeyOf(documentId: string): Promise<string> {
  const [row] = await t.db.query<{ upload_key: string }>('select upload_key from public.documents where id = $1', [documentId]);
  return row!.upload_key;
}

beforeAll(async () => {
  t = await freshDb();
  const dept = await makeDepartment(t.db);
  for (const who of ['alice', 'bob'] as const) {
    const u = await makeUser(t.db);
    await makeStudent(t.db, dept.id, { userId: u.id });
    const access = (await loadAccess(u.ctx))!;
    if (who === 'alice') alice = access;
    else bob = access;
  }
});
afterAll(async () => t?.cleanup());

describe('createPhotoUpload / finalizePhotoUpload', () => {
  it('makes a pending document with a signed target, then a clean ready copy; a retry of finalize is a no-op', async () => {
    const bytes = await photo();
    const created = await createPhotoUpload({ access: alice, input: { kind: 'id_front', contentType: 'image/jpeg', bytes: bytes.length } });
    expect(created.upload.url).toBeTruthy();
    const key = await uploadKeyOf(created.documentId);
    await getStore().put(key, bytes, 'image/jpeg');

    await expect(finalizePhotoUpload({ access: bob, input: { documentId: created.documentId } })).rejects.toMatchObject({ code: 'not_found' });
    expect(await finalizePhotoUpload({ access: alice, input: { documentId: created.documentId } })).toEqual({
      documentId: created.documentId,
      kind: 'id_front',
      duplicate: false,
    });
    const [doc] = await t.db.query<{ status: string; object_key: string; mime: string; width: number }>(
      'select status, object_key, mime, width from public.documents where id = $1',
      [created.documentId],
    );
    expect(doc).toMatchObject({ status: 'ready' });
    expect(await getStore().get(doc!.object_key)).toBeTruthy();
    expect(await getStore().get(key)).toBeNull(); // the original (which may carry GPS) is gone
    expect(await finalizePhotoUpload({ access: alice, input: { documentId: created.documentId } })).toMatchObject({ duplicate: true });
    expect(await t.db.query(`select 1 from public.audit_events where action = 'document.upload' and entity_id = $1`, [created.documentId])).toHaveLength(1);
  });

  it('refuses a non-image, an oversized declaration, and finalizing before the upload arrived', async () => {
    await expect(
      createPhotoUpload({ access: alice, input: { kind: 'id_front', contentType: 'application/pdf' as 'image/jpeg', bytes: 1000 } }),
    ).rejects.toMatchObject({ code: 'unsupported_media', userMessage: 'photo.errors.notImage' });
    await expect(createPhotoUpload({ access: alice, input: { kind: 'id_front', contentType: 'image/jpeg', bytes: 500 * 1024 * 1024 } })).rejects.toMatchObject({
      userMessage: 'photo.errors.tooLarge',
    });
    const created = await createPhotoUpload({ access: alice, input: { kind: 'id_back', contentType: 'image/jpeg', bytes: 1000 } });
    await expect(finalizePhotoUpload({ access: alice, input: { documentId: created.documentId } })).rejects.toMatchObject({
      code: 'not_found',
      userMessage: 'photo.errors.notUploaded',
    });
  });

  it('rejects bytes that are not an image and deletes them', async () => {
    const created = await createPhotoUpload({ access: alice, input: { kind: 'id_front', contentType: 'image/jpeg', bytes: 100 } });
    const key = await uploadKeyOf(created.documentId);
    await getStore().put(key, Buffer.from('not a jpeg at all, just text'), 'image/jpeg');
    await expect(finalizePhotoUpload({ access: alice, input: { documentId: created.documentId } })).rejects.toMatchObject({
      userMessage: expect.stringMatching(/^photo\.errors\./),
    });
    const [doc] = await t.db.query<{ status: string }>('select status from public.documents where id = $1', [created.documentId]);
    expect(doc!.status).toBe('rejected');
    expect(await getStore().get(key)).toBeNull();
  });

  it('refuses anyone who is not a student', async () => {
    await expect(createPhotoUpload({ access: null, input: { kind: 'id_front', contentType: 'image/jpeg', bytes: 1000 } })).rejects.toMatchObject({
      code: 'unauthenticated',
    });
  });
});
