import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PHOTO_UPLOAD_LIMITS } from '../../lib/domain/uploads';
import { PHOTO_MAX_BYTES, PHOTO_TYPES } from '../../lib/server/documents/create-upload';
import { newObjectKey } from '../../lib/server/storage/keys';
import { applyBucketSettings, bucketSettings, isMissingObject, SupabaseObjectStore } from '../../lib/server/storage/supabase';
import { startStorageDouble, type StorageDouble } from '../helpers/storage-double';

/**
 * The Supabase adapter against a local wire-protocol double of Supabase Storage
 * (tests/helpers/storage-double.ts): real HTTP, real @supabase/storage-js, the server's answers
 * as storage-api renders them. Not a real Supabase.
 */
let s: StorageDouble;
const BUCKET = 'identity-documents';
const owner = '0b6f3c1e-8f4a-4c2d-9e1b-2a3c4d5e6f70';
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const storeFor = (bucket = BUCKET, key?: string) => new SupabaseObjectStore({ url: `${s.url}`, serviceRoleKey: key ?? s.serviceKey, bucket });

beforeAll(async () => {
  s = await startStorageDouble({ port: 4520 });
});
afterAll(async () => s?.close());
beforeEach(() => {
  s.buckets.clear();
  s.objects.clear();
  s.options.uploadExpirySeconds = 60;
  s.options.legacyErrors = false;
  s.buckets.set(BUCKET, { id: BUCKET, public: false, file_size_limit: PHOTO_UPLOAD_LIMITS.maxBytes, allowed_mime_types: [...PHOTO_UPLOAD_LIMITS.mimeTypes] });
});

describe('SupabaseObjectStore against the Storage wire protocol', () => {
  it('stores, reads, describes and deletes an object; a missing key reads as absent', async () => {
    const store = storeFor();
    const key = newObjectKey('id-photo', owner);
    expect(await store.get(key)).toBeNull();
    expect(await store.head(key)).toBeNull();
    await store.put(key, jpeg, 'image/jpeg');
    expect(Buffer.from((await store.get(key))!)).toEqual(Buffer.from(jpeg));
    expect(await store.head(key)).toEqual({ bytes: jpeg.length, contentType: 'image/jpeg' });
    await expect(store.put(key, jpeg, 'image/jpeg')).rejects.toMatchObject({ code: 'conflict' });
    await store.delete(key);
    await store.delete(key); // idempotent
    expect(await store.get(key)).toBeNull();
  });

  for (const legacy of [false, true]) {
    it(`throws for a wrong bucket instead of reading it as absent (${legacy ? 'pre-code' : 'current'} error format)`, async () => {
      s.options.legacyErrors = legacy;
      const store = storeFor('no-such-bucket');
      const key = newObjectKey('id-photo', owner);
      // The real info route would even answer NoSuchKey for a wrong bucket: the bucket check catches it first.
      for (const op of [() => store.get(key), () => store.head(key), () => store.delete(key), () => store.put(key, jpeg, 'image/jpeg')]) {
        await expect(op()).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/Bucket not found/) });
      }
    });

    it(`reads only NoSuchKey as missing (${legacy ? 'pre-code' : 'current'} error format)`, async () => {
      s.options.legacyErrors = legacy;
      const store = storeFor();
      expect(await store.get(newObjectKey('id-photo', owner))).toBeNull();
    });
  }

  it('classifies errors by the code in the body, not by the 400 status or a bare 404', () => {
    expect(isMissingObject({ message: 'Object not found', status: 400, statusCode: '404', code: 'NoSuchKey' })).toBe(true);
    expect(isMissingObject({ message: 'Object not found', status: 400, statusCode: '404' })).toBe(true);
    expect(isMissingObject({ message: 'Bucket not found', status: 400, statusCode: '404', code: 'NoSuchBucket' })).toBe(false);
    expect(isMissingObject({ message: 'Bucket not found', status: 400, statusCode: '404' })).toBe(false);
    // A proxy in front of Storage answering 404 for a wrong path is not "the object is gone".
    expect(isMissingObject({ message: 'Not Found', status: 404, statusCode: '404', code: undefined })).toBe(false);
  });

  it('throws when the service key is refused', async () => {
    const store = storeFor(BUCKET, 'wrong-key-wrong-key-wrong');
    await expect(store.get(newObjectKey('id-photo', owner))).rejects.toMatchObject({ code: 'internal' });
  });

  it('refuses a public bucket, and reports limits that differ from PHOTO_UPLOAD_LIMITS once', async () => {
    s.buckets.set(BUCKET, { id: BUCKET, public: true, file_size_limit: null, allowed_mime_types: null });
    await expect(storeFor().head(newObjectKey('id-photo', owner))).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/public/) });
    s.buckets.set(BUCKET, { id: BUCKET, public: false, file_size_limit: 10 * 1024 * 1024, allowed_mime_types: ['image/jpeg'] });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = storeFor();
    await store.head(newObjectKey('id-photo', owner));
    await store.head(newObjectKey('id-photo', owner));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/10485760 bytes.*storage:setup/);
  });

  it('takes the upload URL expiry from the token (self-hosted default 60 s, hosted 2 h) and the URL accepts the PUT', async () => {
    const store = storeFor();
    for (const seconds of [60, 7200]) {
      s.options.uploadExpirySeconds = seconds;
      const key = newObjectKey('id-photo', owner);
      const before = Date.now();
      const target = await store.createUploadTarget(key, { contentType: 'image/jpeg', maxBytes: PHOTO_MAX_BYTES });
      const lifetime = (target.expiresAt.getTime() - before) / 1000;
      expect(lifetime).toBeGreaterThan(seconds - 2);
      expect(lifetime).toBeLessThanOrEqual(seconds + 1);
      const put = await fetch(target.url, { method: 'PUT', headers: target.headers, body: jpeg });
      expect(put.status).toBe(200);
      expect(await store.head(key)).toEqual({ bytes: jpeg.length, contentType: 'image/jpeg' });
    }
  });

  it('lets the bucket enforce the one constant: too large and wrong type are refused by Storage', async () => {
    const store = storeFor();
    const key = newObjectKey('id-photo', owner);
    await expect(store.put(key, new Uint8Array(PHOTO_UPLOAD_LIMITS.maxBytes + 1), 'image/jpeg')).rejects.toMatchObject({ code: 'too_large' });
    await expect(store.put(key, jpeg, 'text/html')).rejects.toMatchObject({ code: 'unsupported_media' });
  });
});

describe('one constant for the photo limits', () => {
  it('is what create-upload enforces and what the bucket is set up with', () => {
    expect(PHOTO_MAX_BYTES).toBe(PHOTO_UPLOAD_LIMITS.maxBytes);
    expect([...PHOTO_TYPES]).toEqual([...PHOTO_UPLOAD_LIMITS.mimeTypes]);
    expect(bucketSettings()).toEqual({ public: false, fileSizeLimit: PHOTO_UPLOAD_LIMITS.maxBytes, allowedMimeTypes: [...PHOTO_UPLOAD_LIMITS.mimeTypes] });
  });

  it('storage:setup creates a missing bucket and corrects an existing one', async () => {
    s.buckets.clear();
    const store = storeFor();
    expect(await applyBucketSettings(store)).toBe('created');
    expect(s.buckets.get(BUCKET)).toEqual({
      id: BUCKET,
      public: false,
      file_size_limit: PHOTO_UPLOAD_LIMITS.maxBytes,
      allowed_mime_types: [...PHOTO_UPLOAD_LIMITS.mimeTypes],
    });
    s.buckets.set(BUCKET, { id: BUCKET, public: true, file_size_limit: 1, allowed_mime_types: null });
    expect(await applyBucketSettings(store)).toBe('updated');
    expect(s.buckets.get(BUCKET)!.public).toBe(false);
    expect(s.buckets.get(BUCKET)!.file_size_limit).toBe(PHOTO_UPLOAD_LIMITS.maxBytes);
  });
});
