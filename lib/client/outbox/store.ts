/** The outbox in the device database: add, list, update, and a change signal for the queue UI. */
import { deviceDb } from '../device/db';
import { uuid } from '../idempotency';
import type { CorrectionItem, IdentityItem, OutboxItem, PhotoItem, PhotoPurpose } from './types';

const CHANNEL = 'campus-outbox';
const listeners = new Set<() => void>();
let channel: BroadcastChannel | null = null;

function getChannel(): BroadcastChannel | null {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(CHANNEL);
  // Node's BroadcastChannel (tests) would keep the process alive; browsers have no unref.
  (channel as BroadcastChannel & { unref?: () => void }).unref?.();
  channel.onmessage = () => listeners.forEach((l) => l());
  return channel;
}

/** Tell this tab's and other tabs' queue views that the outbox changed. */
export function notifyOutbox(): void {
  listeners.forEach((l) => l());
  getChannel()?.postMessage('changed');
}

export function onOutboxChange(listener: () => void): () => void {
  getChannel();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The owner's items, oldest first: the order they are sent in. */
export async function listOutbox(owner: string): Promise<OutboxItem[]> {
  const all = await (await deviceDb()).getAllFromIndex('outbox', 'byCreated');
  return all.filter((i) => i.owner === owner);
}

export async function getItem(id: string): Promise<OutboxItem | undefined> {
  return (await deviceDb()).get('outbox', id);
}

export async function putItem(item: OutboxItem): Promise<void> {
  await (await deviceDb()).put('outbox', item);
  notifyOutbox();
}

export async function deleteItems(ids: readonly string[]): Promise<void> {
  const db = await deviceDb();
  const tx = db.transaction('outbox', 'readwrite');
  await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
  notifyOutbox();
}

// createdAt orders the queue; two items added in the same millisecond keep their order.
let last = 0;
const stamp = () => (last = Math.max(Date.now(), last + 1));

export async function queuePhoto(owner: string, purpose: PhotoPurpose, blob: Blob): Promise<PhotoItem> {
  const item: PhotoItem = { id: uuid(), owner, createdAt: stamp(), state: 'pending', attempts: 0, kind: 'photo', purpose, blob };
  await putItem(item);
  return item;
}

/** The identity submission, after every identity photo still waiting (they are what it submits). */
export async function queueIdentity(owner: string, input: { form: Record<string, string>; scope: string; idempotencyKey: string }): Promise<IdentityItem> {
  const waiting = (await listOutbox(owner)).filter((i) => i.kind === 'photo' && i.purpose !== 'evidence' && i.state !== 'done');
  // A second tap while the first is still queued replaces it (same key: the server keeps one).
  const earlier = (await listOutbox(owner)).filter((i) => i.kind === 'identity' && i.state !== 'done');
  if (earlier.length) await deleteItems(earlier.map((i) => i.id));
  const item: IdentityItem = {
    id: input.idempotencyKey,
    owner,
    createdAt: stamp(),
    state: 'pending',
    attempts: 0,
    kind: 'identity',
    form: input.form,
    scope: input.scope,
    after: waiting.map((i) => i.id),
  };
  await putItem(item);
  return item;
}

export async function queueCorrection(owner: string, input: CorrectionItem['input'], evidence: readonly string[]): Promise<CorrectionItem> {
  const item: CorrectionItem = { id: uuid(), owner, createdAt: stamp(), state: 'pending', attempts: 0, kind: 'correction', input, after: [...evidence] };
  await putItem(item);
  return item;
}
