import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionResult } from '@/lib/domain/result';
import { runUpload, type UploadPhase, type UploadSteps } from '@/lib/client/upload/upload';
import { fitInside } from '@/lib/client/compress-image';
import { installFakeXhr, type FakeXhrLog } from './fake-xhr';

const KEY = '99999999-9999-4999-8999-999999999999';
const blob = () => new Blob([new Uint8Array(1000)], { type: 'image/jpeg' });

function steps(over: Partial<{ create: ActionResult<never>; finalize: ActionResult<never> | 'throw' }> = {}) {
  const calls: string[] = [];
  const s: UploadSteps<{ documentId: string }> = {
    create: async (input) => {
      calls.push(`create:${input.contentType}:${input.bytes}:${input.idempotencyKey}`);
      return over.create ?? { ok: true, data: { documentId: 'd1', upload: { url: 'http://store/put', method: 'PUT', headers: {} } } };
    },
    finalize: async (id) => {
      calls.push(`finalize:${id}`);
      if (over.finalize === 'throw') throw new TypeError('Failed to fetch');
      return over.finalize ?? { ok: true, data: { documentId: id } };
    },
  };
  return { calls, s };
}

let xhr: FakeXhrLog;
beforeEach(() => {
  xhr = installFakeXhr();
});
afterEach(() => xhr.restore());

describe('runUpload: the one upload sequence', () => {
  it('create → PUT → finalize, reporting its phases', async () => {
    const { calls, s } = steps();
    const phases: UploadPhase['step'][] = [];
    const uploaded: string[] = [];
    const r = await runUpload(blob(), s, { idempotencyKey: KEY, compressed: true, onPhase: (p) => phases.push(p.step), onUploaded: (d) => uploaded.push(d) });
    expect(r).toEqual({ ok: true, data: { documentId: 'd1' } });
    expect(calls).toEqual([`create:image/jpeg:1000:${KEY}`, 'finalize:d1']);
    expect(xhr.puts).toEqual([{ method: 'PUT', url: 'http://store/put', bytes: 1000 }]);
    expect(uploaded).toEqual(['d1']);
    expect(phases).toEqual(['uploading', 'uploading', 'checking', 'idle']);
  });

  it('an empty file is refused before anything is sent', async () => {
    const { calls, s } = steps();
    const r = await runUpload(new Blob([]), s, { idempotencyKey: KEY, compressed: true });
    expect(r).toEqual({ ok: false, kind: 'refused', error: 'photo.errors.empty' });
    expect(calls).toEqual([]);
  });

  it('the server refusing create is a refusal with its message', async () => {
    const { s } = steps({ create: { ok: false, error: 'photo.errors.tooLarge', code: 'too_large' } });
    expect(await runUpload(blob(), s, { idempotencyKey: KEY, compressed: true })).toEqual({ ok: false, kind: 'refused', error: 'photo.errors.tooLarge' });
  });

  it('409 on PUT (an earlier attempt arrived) goes on to finalize; 413 is refused', async () => {
    const a = steps();
    xhr.next.push(409);
    expect((await runUpload(blob(), a.s, { idempotencyKey: KEY, compressed: true })).ok).toBe(true);
    expect(a.calls.at(-1)).toBe('finalize:d1');

    const b = steps();
    xhr.next.push(413);
    expect(await runUpload(blob(), b.s, { idempotencyKey: KEY, compressed: true })).toEqual({ ok: false, kind: 'refused', error: 'photo.errors.tooLarge' });
    expect(b.calls.some((c) => c.startsWith('finalize'))).toBe(false);
  });

  it('no answer from finalize is a network failure that keeps the photo; a later run only finalizes', async () => {
    const a = steps({ finalize: 'throw' });
    const photo = blob();
    const r = await runUpload(photo, a.s, { idempotencyKey: KEY, compressed: true });
    expect(r).toMatchObject({ ok: false, kind: 'network', error: 'photo.errors.network' });
    expect(r.ok === false && r.kind === 'network' && r.blob).toBe(photo);

    const b = steps();
    expect((await runUpload(photo, b.s, { idempotencyKey: KEY, compressed: true, uploadedDocumentId: 'd1' })).ok).toBe(true);
    expect(b.calls).toEqual(['finalize:d1']);
    expect(xhr.puts).toHaveLength(1);
  });

  it('an unavailable server is a network failure, not a refusal', async () => {
    const { s } = steps({ finalize: { ok: false, error: 'errors.unavailable', code: 'unavailable' } });
    expect(await runUpload(blob(), s, { idempotencyKey: KEY, compressed: true })).toMatchObject({ ok: false, kind: 'network' });
  });
});

describe('fitInside', () => {
  it('keeps the aspect ratio within the long side and never enlarges', () => {
    expect(fitInside(4000, 3000, 2000)).toEqual({ width: 2000, height: 1500 });
    expect(fitInside(3000, 4000, 1600)).toEqual({ width: 1200, height: 1600 });
    expect(fitInside(800, 600, 2000)).toEqual({ width: 800, height: 600 });
  });
});
