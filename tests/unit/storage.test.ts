import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../lib/server/errors';
import { handleDownload, handleUpload } from '../../lib/server/storage/http';
import { isValidObjectKey, newObjectKey, objectKeyOwner } from '../../lib/server/storage/keys';
import { LocalObjectStore, signStorageToken, verifyStorageToken } from '../../lib/server/storage/local';
import { SupabaseObjectStore } from '../../lib/server/storage/supabase';

const SECRET = 'test-storage-signing-secret-0123456789abcdef';
const OWNER = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
const OTHER = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const T0 = Date.UTC(2025, 0, 1);

let root: string;
let clock: number;
let store: LocalObjectStore;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cidv-storage-'));
  clock = T0;
  store = new LocalObjectStore({ root, signingSecret: SECRET, now: () => clock });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const tokenOf = (url: string) => new URL(url, 'http://localhost').searchParams.get('token')!;
const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);
const expectCode = (fn: () => unknown, code: string) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    return;
  }
  throw new Error(`expected AppError(${code})`);
};
/** Flip one character so the text changes but stays base64url. */
const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);

describe('object keys', () => {
  it('mints kind/owner/128-bit random keys that validate', () => {
    const k = newObjectKey('id-photo', OWNER);
    expect(k).toMatch(/^id-photo\/3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b\/[A-Za-z0-9_-]{22}$/);
    expect(isValidObjectKey(k)).toBe(true);
    expect(objectKeyOwner(k)).toBe(OWNER);
    expect(newObjectKey('evidence', OWNER)).not.toBe(newObjectKey('evidence', OWNER));
    expect(isValidObjectKey(newObjectKey('export', OWNER.toUpperCase()))).toBe(true);
  });

  it('refuses owners that are not uuids', () => {
    for (const bad of ['', 'alice', '../etc', `${OWNER}/x`, '2021001234']) {
      expect(() => newObjectKey('id-photo', bad)).toThrow(AppError);
    }
  });

  it('rejects traversal, absolute, backslash and user-chosen keys', () => {
    const good = newObjectKey('id-photo', OWNER);
    const rand = good.split('/')[2]!;
    for (const bad of [
      `id-photo/${OWNER}/../${OTHER}/${rand}`,
      `id-photo/${OWNER}/..`,
      `../id-photo/${OWNER}/${rand}`,
      `/id-photo/${OWNER}/${rand}`,
      `/etc/passwd`,
      `id-photo\\${OWNER}\\${rand}`,
      `id-photo/${OWNER}/${rand}/`,
      `id-photo//${OWNER}/${rand}`,
      `id-photo/${OWNER}/${rand}\n`,
      `id-photo/${OWNER}/${rand}.meta.json`,
      `id-photo/${OWNER}/%2e%2e%2f%2e%2e%2fxxxxxxxxx`,
      `secrets/${OWNER}/${rand}`,
      `id-photo/${OWNER}/my-passport.jpg`,
      `id-photo/${OWNER}/1`,
      `ID-PHOTO/${OWNER}/${rand}`,
      `C:\\data\\${rand}`,
      '',
    ]) {
      expect(isValidObjectKey(bad), bad).toBe(false);
    }
    expect(isValidObjectKey(undefined)).toBe(false);
    expect(isValidObjectKey(42)).toBe(false);
  });
});

describe('LocalObjectStore', () => {
  it('round-trips put/get/head/delete', async () => {
    const key = newObjectKey('id-photo', OWNER);
    expect(await store.get(key)).toBeNull();
    expect(await store.head(key)).toBeNull();
    await store.put(key, new Uint8Array([1, 2, 3, 255]), 'image/jpeg');
    expect(Array.from((await store.get(key))!)).toEqual([1, 2, 3, 255]);
    expect(await store.head(key)).toEqual({ bytes: 4, contentType: 'image/jpeg' });
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    expect(await store.head(key)).toBeNull();
    await store.delete(key); // idempotent
    // no temp files left behind
    expect(readdirSync(path.join(root, 'id-photo', OWNER))).toEqual([]);
  });

  it('creates each object once', async () => {
    const key = newObjectKey('evidence', OWNER);
    await store.put(key, bytes(3, 1), 'application/pdf');
    await expect(store.put(key, bytes(3, 2), 'application/pdf')).rejects.toMatchObject({ code: 'conflict' });
    expect(Array.from((await store.get(key))!)).toEqual([1, 1, 1]);
  });

  it('refuses invalid keys on every method', async () => {
    const bad = `id-photo/${OWNER}/../../../../etc/passwd`;
    await expect(store.put(bad, bytes(1), 'image/png')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(store.get(bad)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(store.head(bad)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(store.delete(bad)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(store.createDownloadUrl(bad)).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('storage tokens', () => {
  it('a token for one key reads that key only', async () => {
    const a = newObjectKey('id-photo', OWNER);
    const b = newObjectKey('id-photo', OTHER);
    const url = await store.createDownloadUrl(a);
    expect(url).toMatch(/^\/api\/storage\/object\?token=/);
    expect(store.verifyToken(tokenOf(url), 'get').k).toBe(a);
    // Splicing another key into the payload breaks the MAC.
    const [p, m] = tokenOf(url).split('.');
    const forged = JSON.parse(Buffer.from(p!, 'base64url').toString());
    forged.k = b;
    expectCode(() => store.verifyToken(`${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${m}`, 'get'), 'tampered');
  });

  it('expires (default 120 s for downloads), checked with an injected clock', async () => {
    const url = await store.createDownloadUrl(newObjectKey('id-photo', OWNER));
    clock = T0 + 119_000;
    expect(() => store.verifyToken(tokenOf(url), 'get')).not.toThrow();
    clock = T0 + 120_000;
    expectCode(() => store.verifyToken(tokenOf(url), 'get'), 'expired');
    const target = await store.createUploadTarget(newObjectKey('id-photo', OWNER), { contentType: 'image/jpeg', maxBytes: 10, expiresInSeconds: 30 });
    expect(target.expiresAt.getTime()).toBe(clock + 30_000);
    clock += 30_000;
    expectCode(() => store.verifyToken(tokenOf(target.url), 'put'), 'expired');
  });

  it('refuses tampered payloads, macs, secrets and garbage', async () => {
    const token = tokenOf(await store.createDownloadUrl(newObjectKey('id-photo', OWNER)));
    const dot = token.indexOf('.');
    expectCode(() => store.verifyToken(flip(token, 3), 'get'), 'tampered');
    expectCode(() => store.verifyToken(flip(token, dot + 3), 'get'), 'tampered');
    expectCode(() => store.verifyToken(flip(token, token.length - 1), 'get'), 'tampered'); // last mac char
    expectCode(() => verifyStorageToken(token, 'get', `${SECRET}x`, () => clock), 'tampered');
    for (const junk of ['', '.', 'abc', `${token}.x`, token.replace('.', ''), `${token}=`]) {
      expectCode(() => store.verifyToken(junk, 'get'), 'tampered');
    }
  });

  it('refuses a token used for the other operation', async () => {
    const key = newObjectKey('id-photo', OWNER);
    const get = tokenOf(await store.createDownloadUrl(key));
    const put = tokenOf((await store.createUploadTarget(key, { contentType: 'image/png', maxBytes: 5 })).url);
    expectCode(() => store.verifyToken(get, 'put'), 'tampered');
    expectCode(() => store.verifyToken(put, 'get'), 'tampered');
  });

  it('refuses a correctly signed token whose key is invalid', () => {
    const t = signStorageToken({ k: '../../etc/passwd', op: 'get', exp: T0 / 1000 + 60 }, SECRET);
    expectCode(() => store.verifyToken(t, 'get'), 'tampered');
  });
});

describe('upload route logic', () => {
  async function target(maxBytes = 8, contentType = 'image/jpeg') {
    const key = newObjectKey('id-photo', OWNER);
    const t = await store.createUploadTarget(key, { contentType, maxBytes });
    expect(t).toMatchObject({ method: 'PUT', headers: { 'Content-Type': contentType } });
    expect(t.url).toMatch(/^\/api\/storage\/upload\?token=/);
    return { key, url: `http://localhost${t.url}` };
  }
  const put = (url: string, body: BodyInit, headers: Record<string, string>) =>
    handleUpload(new Request(url, { method: 'PUT', body, headers, duplex: 'half' } as RequestInit), store, store.verifyToken);
  const streamOf = (...parts: number[]) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const n of parts) c.enqueue(bytes(n));
        c.close();
      },
    });
  const errorOf = async (res: Response) => {
    const body = await res.json();
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|stack/i);
    return { code: body.code as string, message: body.message as string };
  };

  it('writes the bytes and answers 204', async () => {
    const { key, url } = await target();
    const res = await put(url, bytes(8, 9), { 'content-type': 'image/jpeg', 'content-length': '8' });
    expect(res.status).toBe(204);
    expect(Array.from((await store.get(key))!)).toEqual(Array(8).fill(9));
    expect(await store.head(key)).toEqual({ bytes: 8, contentType: 'image/jpeg' });
    // The same token cannot replace the checked bytes afterwards.
    const again = await put(url, bytes(8, 1), { 'content-type': 'image/jpeg' });
    expect(again.status).toBe(409);
  });

  it('413 when Content-Length is over the limit', async () => {
    const { key, url } = await target(8);
    const res = await put(url, bytes(9), { 'content-type': 'image/jpeg', 'content-length': '9' });
    expect(res.status).toBe(413);
    const err = await errorOf(res);
    expect(err.code).toBe('too_large');
    // Localized by the shared adapter: zh-CN unless the caller chose English.
    expect(err.message).toBe('文件太大。');
    expect(await store.head(key)).toBeNull();
  });

  it('413 when a streamed body without Content-Length runs past the limit', async () => {
    const { key, url } = await target(8);
    const res = await put(url, streamOf(4, 4, 1), { 'content-type': 'image/jpeg' });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('too_large');
    expect(await store.head(key)).toBeNull();
  });

  it('413 when Content-Length understates the body', async () => {
    const { url } = await target(8);
    const res = await put(url, streamOf(6, 6), { 'content-type': 'image/jpeg', 'content-length': '4' });
    expect(res.status).toBe(413);
  });

  it('accepts a streamed body within the limit', async () => {
    const { key, url } = await target(8);
    expect((await put(url, streamOf(4, 4), { 'content-type': 'image/jpeg' })).status).toBe(204);
    expect((await store.head(key))?.bytes).toBe(8);
  });

  it('415 when the content type differs from the signed one', async () => {
    const { key, url } = await target(8, 'image/jpeg');
    for (const ct of ['image/png', 'text/html', '']) {
      const res = await put(url, bytes(4), ct ? { 'content-type': ct } : {});
      expect(res.status).toBe(415);
      expect((await errorOf(res)).code).toBe('unsupported_media');
    }
    expect(await store.head(key)).toBeNull();
    expect((await put(url, bytes(4), { 'content-type': 'Image/JPEG; foo=bar' })).status).toBe(204);
  });

  it('400 for empty bodies, bad lengths, tampered or missing tokens; 410 when expired', async () => {
    const { url } = await target(8);
    expect((await put(url, new Uint8Array(0), { 'content-type': 'image/jpeg' })).status).toBe(400);
    expect((await put(url, bytes(3), { 'content-type': 'image/jpeg', 'content-length': '5' })).status).toBe(400);
    expect((await put(url, bytes(3), { 'content-type': 'image/jpeg', 'content-length': '-1' })).status).toBe(400);
    const tampered = await put(flip(url, url.length - 5), bytes(3), { 'content-type': 'image/jpeg' });
    expect(tampered.status).toBe(400);
    expect((await errorOf(tampered)).code).toBe('tampered');
    expect((await put('http://localhost/api/storage/upload', bytes(3), { 'content-type': 'image/jpeg' })).status).toBe(400);
    clock += 600_000; // default upload lifetime
    const expired = await put(url, bytes(3), { 'content-type': 'image/jpeg' });
    expect(expired.status).toBe(410);
    expect((await errorOf(expired)).code).toBe('expired');
  });

  it('400 for a download token used to upload', async () => {
    const key = newObjectKey('id-photo', OWNER);
    const res = await put(`http://localhost${await store.createDownloadUrl(key)}`, bytes(3), { 'content-type': 'image/jpeg' });
    expect(res.status).toBe(400);
    expect(await store.head(key)).toBeNull();
  });
});

describe('download route logic', () => {
  const get = (url: string) => handleDownload(new Request(`http://localhost${url}`), store, store.verifyToken);

  it('streams the object with protective headers', async () => {
    const key = newObjectKey('id-photo', OWNER);
    await store.put(key, new Uint8Array([0xff, 0xd8, 0xff, 0x00]), 'image/jpeg');
    const res = await get(await store.createDownloadUrl(key));
    expect(res.status).toBe(200);
    expect(Array.from(new Uint8Array(await res.arrayBuffer()))).toEqual([0xff, 0xd8, 0xff, 0x00]);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-length')).toBe('4');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe('inline');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
  });

  it('sends an attachment with an RFC 6266 filename when asked', async () => {
    const key = newObjectKey('export', OWNER);
    await store.put(key, bytes(2), 'text/csv');
    const res = await get(await store.createDownloadUrl(key, { downloadName: '学生 "名单".csv' }));
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="__ ____.csv"; filename*=UTF-8''${encodeURIComponent('学生 "名单".csv')}`);
    await res.arrayBuffer();
    await expect(store.createDownloadUrl(key, { downloadName: '../x' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('404 for a missing object, 410 expired, 400 for an upload token', async () => {
    const key = newObjectKey('id-photo', OWNER);
    expect((await get(await store.createDownloadUrl(key))).status).toBe(404);
    await store.put(key, bytes(1), 'image/png');
    const url = await store.createDownloadUrl(key, { expiresInSeconds: 5 });
    clock += 5_000;
    expect((await get(url)).status).toBe(410);
    const up = await store.createUploadTarget(key, { contentType: 'image/png', maxBytes: 1 });
    expect((await get(up.url)).status).toBe(400);
  });
});

describe('SupabaseObjectStore (offline checks only)', () => {
  it('validates keys before any network call', async () => {
    const s = new SupabaseObjectStore({ url: 'http://127.0.0.1:9', serviceRoleKey: 'service-role-key-for-tests', bucket: 'identity-documents' });
    await expect(s.get('../etc/passwd')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(s.createUploadTarget('a/b', { contentType: 'image/jpeg', maxBytes: 1 })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
