'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { ActionResult } from './types';

/** Claim or release a review; the page reloads with the new state (and revision) afterwards. */
export function ClaimBar({
  recordId,
  status,
  labels,
  claimAction,
  releaseAction,
}: {
  recordId: string;
  /** 'free': nobody holds it; 'mine'; 'idle': someone's claim expired; 'other': someone else's live claim */
  status: 'free' | 'mine' | 'idle' | 'other';
  labels: { text: string; claim: string; release: string; takeOver: string; errors: Record<string, string> };
  claimAction: (recordId: string) => Promise<ActionResult<{ state: string }>>;
  releaseAction: (recordId: string) => Promise<ActionResult<{ state: string }>>;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const act = (fn: typeof claimAction) =>
    start(async () => {
      setError(null);
      const res = await fn(recordId);
      if (!res.ok) setError(labels.errors[res.error] ?? labels.errors['errors.internal'] ?? res.error);
      router.refresh();
    });
  const tone = status === 'other' ? 'bg-amber-50 text-amber-900' : status === 'mine' ? 'bg-indigo-50 text-indigo-900' : 'bg-slate-100 text-slate-700';
  return (
    <div className={`flex flex-wrap items-center gap-2 rounded-xl px-3 py-1 text-sm ${tone}`} data-testid="claim-bar" data-claim={status}>
      <span>{labels.text}</span>
      {status === 'mine' && (
        <button type="button" disabled={pending} onClick={() => act(releaseAction)} className="tap rounded-lg border border-indigo-300 bg-white px-3 text-sm">
          {labels.release}
        </button>
      )}
      {(status === 'free' || status === 'idle') && (
        <button
          type="button"
          disabled={pending}
          onClick={() => act(claimAction)}
          className="tap rounded-lg bg-indigo-600 px-3 text-sm font-medium text-white"
          data-testid="claim"
        >
          {status === 'idle' ? labels.takeOver : labels.claim}
        </button>
      )}
      {error && (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      )}
    </div>
  );
}
