'use client';
import { useCallback, useEffect, useState } from 'react';
import { useDeviceOwner } from '../device/owner';
import { useUpload } from '../upload/use-upload';
import type { UploadOutcome, UploadSteps } from '../upload/upload';
import { getItem, listOutbox, onOutboxChange, queuePhoto } from './store';
import type { OutboxItem, PhotoItem, PhotoPurpose } from './types';

export type QueuedPhoto = { ok: false; kind: 'queued'; itemId: string; preview: string };

/**
 * useUpload, and when the network is what failed, the compressed photo goes into the outbox
 * instead of being lost: the answer is then `queued`, with a local preview URL.
 */
export function useQueueingUpload<R>(steps: UploadSteps<R>, purpose: PhotoPurpose) {
  const owner = useDeviceOwner();
  const upload = useUpload(steps);
  const { send: sendNow } = upload;
  const send = useCallback(
    async (file: Blob): Promise<UploadOutcome<R> | QueuedPhoto> => {
      const r = await sendNow(file);
      if (r.ok || r.kind !== 'network' || !owner) return r;
      try {
        const item = await queuePhoto(owner, purpose, r.blob);
        return { ok: false, kind: 'queued', itemId: item.id, preview: URL.createObjectURL(r.blob) };
      } catch {
        return r; // no IndexedDB here: the student retries by hand
      }
    },
    [sendNow, owner, purpose],
  );
  return { ...upload, send, canQueue: owner !== null };
}

/** Calls back when a queued photo is through (its document id) or refused (the server's key). */
export function useQueuedPhoto(itemId: string | null, on: { done: (documentId: string) => void; refused: (error: string) => void }) {
  const { done, refused } = on;
  useEffect(() => {
    if (!itemId) return;
    const check = () =>
      void getItem(itemId)
        .then((i) => {
          const item = i as PhotoItem | undefined;
          if (item?.state === 'done' && item.documentId) done(item.documentId);
          else if (item?.state === 'refused') refused(item.error ?? 'photo.errors.failed');
        })
        .catch(() => {});
    check();
    return onOutboxChange(check);
  }, [itemId, done, refused]);
}

/** The owner's outbox, kept current. */
export function useOutboxItems(owner: string | null): { items: OutboxItem[]; reload: () => void } {
  const [items, setItems] = useState<OutboxItem[]>([]);
  const reload = useCallback(() => {
    if (!owner) return;
    listOutbox(owner)
      .then(setItems)
      .catch(() => setItems([]));
  }, [owner]);
  useEffect(() => {
    reload();
    return onOutboxChange(reload);
  }, [reload]);
  return { items: owner ? items : [], reload };
}
