import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionResult } from '@/lib/domain/result';
import {
  claimDevice,
  deviceDb,
  deviceOwner,
  lastCorrectionForm,
  lastIdentityForm,
  lastStatus,
  rememberForm,
  rememberStatus,
  STORES,
  wipeDevice,
  type CachedIdentityForm,
} from '@/lib/client/device/db';
import { getDraft, putDraft } from '@/lib/client/draft-store';
import { flushOutbox, type OutboxSenders } from '@/lib/client/outbox/flush';
import { getItem, listOutbox, queueCorrection, queueIdentity, queuePhoto } from '@/lib/client/outbox/store';
import { installFakeXhr, type FakeXhrLog } from './fake-xhr';

const ME = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });
const no = (error: string, code = 'invalid_input'): ActionResult<never> => ({ ok: false, error, code });

/** A fake server: records every call in order; each answer can be scripted per call. */
function fakeServer() {
  const calls: string[] = [];
  let docs = 0;
  const script: { create?: () => ActionResult<never> | 'throw'; submit?: () => ActionResult<never> | 'throw' } = {};
  const senders: OutboxSenders = {
    photoSteps: (purpose) => ({
      create: async (input) => {
        calls.push(`create:${purpose}:${input.idempotencyKey}`);
        const s = script.create?.();
        if (s === 'throw') throw new TypeError('Failed to fetch');
        if (s) return s;
        docs++;
        return ok({ documentId: `doc-${docs}`, upload: { url: `http://store/put/${docs}`, method: 'PUT', headers: {} } });
      },
      finalize: async (documentId) => {
        calls.push(`finalize:${documentId}`);
        return ok({ documentId });
      },
    }),
    submitIdentity: async (input) => {
      calls.push(`submit:${input.idempotencyKey}`);
      const s = script.submit?.();
      if (s === 'throw') throw new TypeError('Failed to fetch');
      return s ?? ok({ state: 'submitted' });
    },
    requestCorrection: async (input) => {
      calls.push(`correction:${input.idempotencyKey}:${input.evidenceDocumentIds.join(',')}`);
      return ok({ requestId: 'r1' });
    },
  };
  return { calls, script, senders };
}

const jpeg = () => new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], { type: 'image/jpeg' });

let xhr: FakeXhrLog;
beforeEach(async () => {
  xhr = installFakeXhr();
  await wipeDevice();
  await claimDevice(ME);
});
afterEach(() => xhr.restore());

describe('outbox', () => {
  it('sends the photos, then the submission that needs them, each once and with its own key', async () => {
    const front = await queuePhoto(ME, 'id_front', jpeg());
    const back = await queuePhoto(ME, 'id_back', jpeg());
    const key = '33333333-3333-4333-8333-333333333333';
    await queueIdentity(ME, { form: { legalName: '陈晨' }, scope: 'identity:s1', idempotencyKey: key });
    const { calls, senders } = fakeServer();
    const sent: string[] = [];

    const r = await flushOutbox(ME, senders, { onSent: (i) => void sent.push(i.id) });

    expect(r).toEqual({ sent: 3, stoppedByNetwork: false });
    expect(calls).toEqual([`create:id_front:${front.id}`, 'finalize:doc-1', `create:id_back:${back.id}`, 'finalize:doc-2', `submit:${key}`]);
    expect(xhr.puts.map((p) => p.url)).toEqual(['http://store/put/1', 'http://store/put/2']);
    expect(sent).toEqual([key]);
    // Through: nothing of it stays on the phone, and a second round sends nothing again.
    expect(await listOutbox(ME)).toEqual([]);
    await flushOutbox(ME, senders);
    expect(calls).toHaveLength(5);
  });

  it('stops at a network failure, keeps everything, and sends the rest once the network is back', async () => {
    await queuePhoto(ME, 'id_front', jpeg());
    await queueIdentity(ME, { form: {}, scope: 'identity:s1', idempotencyKey: '44444444-4444-4444-8444-444444444444' });
    const server = fakeServer();
    server.script.create = () => 'throw';

    const first = await flushOutbox(ME, server.senders);
    expect(first).toEqual({ sent: 0, stoppedByNetwork: true });
    const items = await listOutbox(ME);
    expect(items.map((i) => [i.kind, i.state, i.error])).toEqual([
      ['photo', 'pending', 'outbox.errors.network'],
      ['identity', 'pending', undefined],
    ]);
    expect(server.calls.filter((c) => c.startsWith('submit'))).toEqual([]);

    server.script.create = undefined;
    const second = await flushOutbox(ME, server.senders);
    expect(second.sent).toBe(2);
    expect(server.calls.filter((c) => c.startsWith('submit'))).toHaveLength(1);
    expect(await listOutbox(ME)).toEqual([]);
  });

  it('a submission whose answer was lost is sent again with the same key (the server keeps one version)', async () => {
    const key = '55555555-5555-4555-8555-555555555555';
    await queueIdentity(ME, { form: {}, scope: 'identity:s1', idempotencyKey: key });
    const server = fakeServer();
    server.script.submit = () => 'throw';
    await flushOutbox(ME, server.senders);
    expect((await getItem(key))?.state).toBe('pending');
    server.script.submit = undefined;
    await flushOutbox(ME, server.senders);
    expect(server.calls).toEqual([`submit:${key}`, `submit:${key}`]);
    expect(await getItem(key)).toBeUndefined();
  });

  it('shows what the server refused and holds back the submission that needs a refused photo', async () => {
    const photo = await queuePhoto(ME, 'id_front', jpeg());
    const sub = await queueIdentity(ME, { form: {}, scope: 'identity:s1', idempotencyKey: '66666666-6666-4666-8666-666666666666' });
    const server = fakeServer();
    server.script.create = () => no('photo.errors.notImage', 'unsupported_media');

    await flushOutbox(ME, server.senders);

    expect(await getItem(photo.id)).toMatchObject({ state: 'refused', error: 'photo.errors.notImage' });
    expect(await getItem(sub.id)).toMatchObject({ state: 'pending', error: 'outbox.errors.blocked' });
    expect(server.calls.some((c) => c.startsWith('submit'))).toBe(false);
  });

  it('keeps the server message of a refused submission; an unavailable server is retried later', async () => {
    const sub = await queueIdentity(ME, { form: {}, scope: 'identity:s1', idempotencyKey: '77777777-7777-4777-8777-777777777777' });
    const server = fakeServer();
    server.script.submit = () => no('errors.unavailable', 'unavailable');
    await flushOutbox(ME, server.senders);
    expect(await getItem(sub.id)).toMatchObject({ state: 'pending', error: 'outbox.errors.network', attempts: 1 });
    server.script.submit = () => no('identity.errors.alreadySubmitted', 'conflict');
    await flushOutbox(ME, server.senders);
    expect(await getItem(sub.id)).toMatchObject({ state: 'refused', error: 'identity.errors.alreadySubmitted', attempts: 2 });
  });

  it('a correction carries the evidence already uploaded and the evidence sent from the outbox', async () => {
    const ev = await queuePhoto(ME, 'evidence', jpeg());
    const c = await queueCorrection(ME, { changes: { legalName: '陈晨' }, reason: '改名', evidenceDocumentIds: ['doc-online'] }, [ev.id]);
    const server = fakeServer();
    await flushOutbox(ME, server.senders);
    expect(server.calls).toEqual([`create:evidence:${ev.id}`, 'finalize:doc-1', `correction:${c.id}:doc-online,doc-1`]);
  });

  it('sends only the owner’s items', async () => {
    await queuePhoto(OTHER, 'id_front', jpeg());
    const server = fakeServer();
    expect((await flushOutbox(ME, server.senders)).sent).toBe(0);
    expect(server.calls).toEqual([]);
  });
});

describe('device data belongs to one person', () => {
  async function counts() {
    const db = await deviceDb();
    return Object.fromEntries(await Promise.all(STORES.map(async (s) => [s, await db.count(s)] as const)));
  }

  it('another account signing in on the phone wipes drafts, outbox and status; the same account keeps them', async () => {
    await putDraft('identity:s1', { idNumber: '110101199003071222' });
    await queuePhoto(ME, 'id_front', jpeg());
    await rememberStatus({ owner: ME, state: 'submitted', label: '已提交', locale: 'zh-CN', at: 1 });
    await rememberForm('identity', identityForm(ME, 2));

    expect(await claimDevice(ME)).toBe('kept');
    expect(await lastIdentityForm()).not.toBeNull();
    expect(await getDraft('identity:s1')).not.toBeNull();
    expect((await lastStatus())?.state).toBe('submitted');

    expect(await claimDevice(OTHER)).toBe('wiped');
    expect(await deviceOwner()).toBe(OTHER);
    expect(await getDraft('identity:s1')).toBeNull();
    expect(await lastStatus()).toBeNull();
    expect(await lastIdentityForm()).toBeNull();
    expect(await counts()).toEqual({ drafts: 0, outbox: 0, status: 0, forms: 0, meta: 1 });
  });

  it('a status for someone other than the owner is not kept', async () => {
    await rememberStatus({ owner: OTHER, state: 'verified', label: 'x', locale: 'en', at: 1 });
    expect(await lastStatus()).toBeNull();
  });

  it('sign-out leaves every store empty', async () => {
    await putDraft('identity:s1', { a: 1 });
    await queueIdentity(ME, { form: {}, scope: 'identity:s1', idempotencyKey: '88888888-8888-4888-8888-888888888888' });
    await rememberForm('identity', identityForm(ME, 1));
    await rememberForm('correction', correctionForm(ME));
    await wipeDevice();
    expect(await counts()).toEqual({ drafts: 0, outbox: 0, status: 0, forms: 0, meta: 0 });
  });
});

function identityForm(owner: string, at: number): CachedIdentityForm {
  return {
    owner,
    form: { scope: 's1', initial: { legalName: '' }, baselineAt: 0, editable: null, idNumberMask: null, notes: {}, photos: {}, retake: [] },
    roster: { name: '陈晨', studentNumber: '2025000001', cohort: 2025, department: { nameZh: '计算机学院', nameEn: 'School of CS' } },
    returned: null,
    locale: 'zh-CN',
    at,
  };
}

describe('the identity form kept for a start with no network', () => {
  it('is offered while the record is editable and gone once a status says it was submitted', async () => {
    await rememberStatus({ owner: ME, state: 'none', label: '未提交', locale: 'zh-CN', at: 1 });
    await rememberForm('identity', identityForm(ME, 2));
    expect((await lastIdentityForm())?.roster.studentNumber).toBe('2025000001');
    // A returned record is editable again: the form stays.
    await rememberStatus({ owner: ME, state: 'returned', label: '已退回', locale: 'zh-CN', at: 3 });
    expect(await lastIdentityForm()).not.toBeNull();
    await rememberStatus({ owner: ME, state: 'submitted', label: '已提交', locale: 'zh-CN', at: 4 });
    expect(await lastIdentityForm()).toBeNull();
  });

  it('is not offered when a newer status says the record is no longer editable, even if the form was kept', async () => {
    await rememberForm('identity', identityForm(ME, 5));
    const db = await deviceDb();
    // Written around rememberStatus (an older tab, a partial write): lastIdentityForm still checks.
    await db.put('status', { owner: ME, state: 'verified', label: '已核验', locale: 'zh-CN', at: 6 }, 'identity');
    expect(await lastIdentityForm()).toBeNull();
    await db.put('status', { owner: ME, state: 'verified', label: '已核验', locale: 'zh-CN', at: 4 }, 'identity');
    expect(await lastIdentityForm()).not.toBeNull();
  });

  it('is kept only for the device owner', async () => {
    await rememberForm('identity', identityForm(OTHER, 1));
    expect(await lastIdentityForm()).toBeNull();
  });
});

function correctionForm(owner: string) {
  return {
    owner,
    form: {
      taskId: '33333333-3333-4333-8333-333333333333',
      fields: [{ field: 'phone', label: '手机号码', tier: 'self_service', original: '13900001234', display: '139 0000 1234', contact: null }],
      options: { sex: [], ethnicity: [], idType: [] },
    },
    locale: 'zh-CN',
    at: 1,
  };
}

describe('the correction form kept for a start with no network', () => {
  it('is the owner’s only, and another account signing in removes it', async () => {
    await rememberForm('correction', correctionForm(OTHER));
    expect(await lastCorrectionForm()).toBeNull();
    await rememberForm('correction', correctionForm(ME));
    expect((await lastCorrectionForm())?.form.fields[0]!.field).toBe('phone');
    // Kept next to the identity form, not in its place.
    await rememberForm('identity', identityForm(ME, 2));
    expect(await lastCorrectionForm()).not.toBeNull();
    expect(await lastIdentityForm()).not.toBeNull();
    await claimDevice(OTHER);
    expect(await lastCorrectionForm()).toBeNull();
  });
});
