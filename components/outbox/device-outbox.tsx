'use client';
import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { useDeviceOwner } from '@/lib/client/device/owner';
import { clientT, type ClientMessages } from '@/lib/client/t';
import { OutboxPanel } from './outbox-panel';
import type { OutboxActions } from './types';

/** The outbox on every student page: the queue when something waits, and its sender. */
export function DeviceOutbox({ messages, actions }: { messages: ClientMessages; actions: OutboxActions }) {
  const t = useMemo(() => clientT(messages), [messages]);
  const owner = useDeviceOwner();
  const router = useRouter();
  // A submission went through: the page shows the server's state now (the form gives way to the status).
  return <OutboxPanel t={t} owner={owner} actions={actions} onSent={() => router.refresh()} />;
}
