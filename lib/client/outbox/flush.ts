/**
 * Sends the outbox, oldest first: each photo through the one upload sequence, then the
 * submission that references them. Each item is sent with its own idempotency key (its id), so
 * an answer lost on the way back does not make a second version. A network failure stops the
 * round (the rest would fail too) and leaves everything pending; a refusal marks that item with
 * the server's message and blocks what depends on it.
 */
import type { ActionResult } from '@/lib/domain/result';
import { runUpload, type UploadSteps } from '../upload/upload';
import { deleteItems, getItem, listOutbox, putItem } from './store';
import type { PhotoItem, PhotoPurpose, SubmissionItem } from './types';

export interface OutboxSenders {
  photoSteps(purpose: PhotoPurpose): UploadSteps<{ documentId: string }>;
  submitIdentity(input: { form: Record<string, string>; idempotencyKey: string }): Promise<ActionResult<unknown>>;
  requestCorrection(input: {
    changes: Record<string, string>;
    reason: string;
    taskId?: string;
    evidenceDocumentIds: string[];
    idempotencyKey: string;
  }): Promise<ActionResult<unknown>>;
}

export interface FlushHooks {
  /** a submission is through: clear its draft, refresh the page */
  onSent?: (item: SubmissionItem) => void | Promise<void>;
}

export type FlushResult = { sent: number; stoppedByNetwork: boolean };

// The server is there but could not answer (database down): try again later, do not blame the item.
const TRANSIENT = new Set(['unavailable', 'internal']);
const online = () => typeof navigator === 'undefined' || navigator.onLine !== false;

type Step = 'sent' | 'network' | 'refused' | 'waiting';

async function sendPhoto(item: PhotoItem, senders: OutboxSenders): Promise<Step> {
  if (!item.blob) return 'refused';
  await putItem({ ...item, state: 'sending', attempts: item.attempts + 1 });
  const outcome = await runUpload(item.blob, senders.photoSteps(item.purpose), {
    idempotencyKey: item.id,
    compressed: true,
    uploadedDocumentId: item.uploadedDocumentId,
    onUploaded: (documentId) => void getItem(item.id).then((n) => n && putItem({ ...(n as PhotoItem), uploadedDocumentId: documentId })),
  });
  const now = (await getItem(item.id)) as PhotoItem | undefined;
  if (!now) return 'waiting'; // removed meanwhile (sign-out, the student deleted it)
  if (outcome.ok) {
    await putItem({ ...now, state: 'done', documentId: outcome.data.documentId, blob: undefined, error: undefined });
    return 'sent';
  }
  if (outcome.kind === 'refused') {
    await putItem({ ...now, state: 'refused', error: outcome.error });
    return 'refused';
  }
  await putItem({ ...now, state: 'pending', error: 'outbox.errors.network' });
  return 'network';
}

async function sendSubmission(item: SubmissionItem, senders: OutboxSenders): Promise<Step> {
  const deps = await Promise.all(item.after.map((id) => getItem(id)));
  if (deps.some((d) => !d || d.state === 'refused')) {
    // A photo it needs was refused or removed: the student must retake it first.
    if (item.error !== 'outbox.errors.blocked') await putItem({ ...item, state: 'pending', error: 'outbox.errors.blocked' });
    return 'waiting';
  }
  if (deps.some((d) => d!.state !== 'done')) return 'waiting';
  // Counted as an attempt only once it is really sent, not while it waits for its photos.
  item = { ...item, state: 'sending', attempts: item.attempts + 1 };
  await putItem(item);
  let r: ActionResult<unknown>;
  try {
    r =
      item.kind === 'identity'
        ? await senders.submitIdentity({ form: item.form, idempotencyKey: item.id })
        : await senders.requestCorrection({
            ...item.input,
            evidenceDocumentIds: [...item.input.evidenceDocumentIds, ...deps.map((d) => (d as PhotoItem).documentId!)],
            idempotencyKey: item.id,
          });
  } catch {
    // A server action that got no answer rejects: the network.
    await putItem({ ...item, state: 'pending', error: 'outbox.errors.network' });
    return 'network';
  }
  if (r.ok) {
    await putItem({ ...item, state: 'done', error: undefined });
    return 'sent';
  }
  if (TRANSIENT.has(r.code)) {
    await putItem({ ...item, state: 'pending', error: 'outbox.errors.network' });
    return 'network';
  }
  await putItem({ ...item, state: 'refused', error: r.error });
  return 'refused';
}

async function round(owner: string, senders: OutboxSenders, hooks: FlushHooks): Promise<FlushResult> {
  let sent = 0;
  for (const listed of await listOutbox(owner)) {
    if (!online()) return { sent, stoppedByNetwork: true };
    const item = await getItem(listed.id);
    // 'sending' left over from a page closed mid-send counts as pending.
    if (!item || item.state === 'done' || item.state === 'refused') continue;
    const step = item.kind === 'photo' ? await sendPhoto(item, senders) : await sendSubmission(item, senders);
    if (step === 'network') return { sent, stoppedByNetwork: true };
    if (step === 'sent') {
      sent++;
      if (item.kind !== 'photo') {
        await hooks.onSent?.(item);
        // Through: the submission and the photos it carried leave the phone.
        await deleteItems([item.id, ...item.after]);
      }
    }
  }
  // Photos already through that no waiting submission needs (the form used them directly).
  const left = await listOutbox(owner);
  const needed = new Set(left.flatMap((i) => (i.kind === 'photo' ? [] : i.after)));
  const spare = left.filter((i) => i.kind === 'photo' && i.state === 'done' && !needed.has(i.id)).map((i) => i.id);
  if (spare.length) await deleteItems(spare);
  return { sent, stoppedByNetwork: false };
}

let running: Promise<FlushResult> | null = null;

/** One round at a time, across tabs where the browser has Web Locks. */
export function flushOutbox(owner: string, senders: OutboxSenders, hooks: FlushHooks = {}): Promise<FlushResult> {
  if (running) return running;
  const go = () => round(owner, senders, hooks);
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  running = (locks ? (locks.request('campus-outbox', go) as unknown as Promise<FlushResult>) : go()).finally(() => {
    running = null;
  });
  return running;
}
