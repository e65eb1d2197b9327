'use client';
import { useRef, type FormEvent } from 'react';
import { signOutAction } from '@/app/_actions/session';
import { deviceOwner, wipeDevice } from '@/lib/client/device/db';
import { listOutbox } from '@/lib/client/outbox/store';

/**
 * Sign-out clears everything personal this app keeps on the phone (drafts, the outbox, the last
 * status) before the session ends. Without JavaScript the form still posts; then nothing was
 * stored on the phone in the first place.
 */
export function SignOutButton({ label, className = '', pendingWarning }: { label: string; className?: string; pendingWarning?: string }) {
  const wiped = useRef(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    if (wiped.current) return;
    e.preventDefault();
    const form = e.currentTarget;
    if (pendingWarning && !(await confirmIfPending(pendingWarning))) return;
    await wipeDevice().catch(() => {});
    wiped.current = true;
    form.requestSubmit();
  }
  return (
    <form action={signOutAction} onSubmit={(e) => void onSubmit(e)} className={className}>
      <button type="submit" className="tap w-full rounded-lg px-3 text-left text-sm text-slate-600 hover:bg-slate-100" data-testid="sign-out">
        {label}
      </button>
    </form>
  );
}

/** Unsent outbox items are lost at sign-out: ask first ({n} in the message). */
async function confirmIfPending(message: string): Promise<boolean> {
  const owner = await deviceOwner().catch(() => null);
  const n = owner ? (await listOutbox(owner).catch(() => [])).filter((i) => i.state !== 'done').length : 0;
  return n === 0 || window.confirm(message.replace('{n}', String(n)));
}
