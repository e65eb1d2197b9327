'use client';
import { useCallback, useEffect, useRef } from 'react';
import { deleteDraft } from '../draft-store';
import { clearAttemptKey } from '../idempotency';
import { flushOutbox, type OutboxSenders } from './flush';
import type { OutboxItem, SubmissionItem } from './types';

const RETRY_MS = 20_000;

/**
 * Sends the outbox when it can: on mount, when the browser says it is online again, and every
 * 20 s while something waits (`online` events are unreliable in WebViews). `onSent` runs after a
 * submission is through.
 */
export function useOutboxRunner(owner: string | null, items: readonly OutboxItem[], senders: OutboxSenders, onSent?: (item: SubmissionItem) => void) {
  const latest = useRef({ senders, onSent });
  useEffect(() => {
    latest.current = { senders, onSent };
  });
  const waiting = items.some((i) => i.state === 'pending' || i.state === 'sending');

  const flush = useCallback(async () => {
    if (!owner || navigator.onLine === false) return;
    await flushOutbox(owner, latest.current.senders, {
      onSent: async (item) => {
        if (item.kind === 'identity') {
          // Through: the attempt key and the device draft (with the ID number) are done with.
          clearAttemptKey(item.scope);
          await deleteDraft(item.scope).catch(() => {});
        }
        latest.current.onSent?.(item);
      },
    }).catch(() => {});
  }, [owner]);

  useEffect(() => {
    if (!owner) return;
    const onOnline = () => void flush();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [owner, flush]);

  useEffect(() => {
    if (!waiting) return;
    void flush();
    const timer = setInterval(() => void flush(), RETRY_MS);
    return () => clearInterval(timer);
  }, [waiting, flush]);

  return flush;
}
