'use client';
import { useRouter } from 'next/navigation';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useDeviceOwner } from '@/lib/client/device/owner';
import { listOutbox, onOutboxChange } from '@/lib/client/outbox/store';
import type { ClientMessages } from '@/lib/client/t';
import type { OutboxActions } from './types';

const loadPanel = () => import('./outbox-panel');
// Rendered only after useQueuePanel has loaded the chunk, so this import never fails here.
const OutboxPanel = lazy(() => loadPanel().then((m) => ({ default: m.MessagesOutboxPanel })));

/**
 * The queue panel and its sender, fetched only once something waits on this phone: nearly every
 * visit finds the outbox empty, and a phone should not download the uploader for nothing
 * (issue 14 item 2). Looked at again whenever the outbox changes (a photo queued on this page or
 * in another tab) and when the network comes back (a chunk that could not be fetched offline).
 */
function useQueuePanel(owner: string | null): boolean {
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    if (!owner || loaded) return;
    let live = true;
    const check = () =>
      void listOutbox(owner)
        .then(async (items) => {
          if (!live || !items.some((i) => i.state !== 'done')) return;
          await loadPanel();
          if (live) setLoaded(true);
        })
        // No IndexedDB, or the chunk is out of reach offline: the next change or `online` retries.
        .catch(() => {});
    check();
    const off = onOutboxChange(check);
    window.addEventListener('online', check);
    return () => {
      live = false;
      off();
      window.removeEventListener('online', check);
    };
  }, [owner, loaded]);
  return loaded;
}

/** The outbox on every student page: the queue when something waits, and its sender. */
export function DeviceOutbox({ messages, actions }: { messages: ClientMessages; actions: OutboxActions }) {
  const owner = useDeviceOwner();
  const router = useRouter();
  if (!useQueuePanel(owner)) return null;
  return (
    <Suspense fallback={null}>
      {/* A submission went through: the page shows the server's state now (the form gives way to the status). */}
      <OutboxPanel messages={messages} owner={owner} actions={actions} onSent={() => router.refresh()} />
    </Suspense>
  );
}
