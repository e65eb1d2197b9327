'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClientT } from '../t';
import { uuid } from '../idempotency';
import { runUpload, type UploadOutcome, type UploadPhase, type UploadSteps } from './upload';

/**
 * The upload sequence for a component: its phase for the status line and progress bar, and
 * `send(file)` answering with the outcome. A new pick aborts the one still on its way; unmounting
 * aborts too.
 */
export function useUpload<R>(steps: UploadSteps<R>) {
  const [phase, setPhase] = useState<UploadPhase>({ step: 'idle' });
  const current = useRef<AbortController | null>(null);
  useEffect(() => () => current.current?.abort(), []);

  const send = useCallback(
    async (file: Blob): Promise<UploadOutcome<R>> => {
      current.current?.abort();
      const ac = new AbortController();
      current.current = ac;
      return runUpload(file, steps, {
        signal: ac.signal,
        idempotencyKey: uuid(),
        onPhase: (p) => {
          if (current.current === ac) setPhase(p);
        },
      });
    },
    [steps],
  );

  return { phase, busy: phase.step !== 'idle', send };
}

/** The status line of an upload in progress, or null when idle. */
export function phaseText(t: ClientT, phase: UploadPhase): string | null {
  switch (phase.step) {
    case 'compressing':
      return t('photo.compressing');
    case 'uploading':
      return t('photo.uploading', { percent: phase.percent });
    case 'checking':
      return t('photo.checking');
    default:
      return null;
  }
}
