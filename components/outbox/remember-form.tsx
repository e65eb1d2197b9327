'use client';
import { useEffect } from 'react';
import { forgetForm, rememberForm, type CachedCorrectionForm, type CachedIdentityForm, type KeptForms } from '@/lib/client/device/db';
import { useDeviceOwner } from '@/lib/client/device/owner';

export type IdentityFormSnapshot = Omit<CachedIdentityForm, 'owner' | 'at'>;
export type CorrectionFormSnapshot = Omit<CachedCorrectionForm, 'owner' | 'at'>;

/** Keeps `snapshot` on the phone for its owner (or forgets it: null); nothing kept when IndexedDB is unavailable. */
function useKeep<K extends keyof KeptForms>(kind: K, snapshot: Omit<KeptForms[K], 'owner' | 'at'> | null) {
  const owner = useDeviceOwner();
  const json = JSON.stringify(snapshot);
  useEffect(() => {
    if (!owner) return;
    const s = JSON.parse(json) as Omit<KeptForms[K], 'owner' | 'at'> | null;
    // Not kept (no IndexedDB here): the offline page then shows the status and the queue only.
    void (s ? rememberForm(kind, { ...s, owner, at: Date.now() } as KeptForms[K]) : forgetForm(kind)).catch(() => {});
  }, [kind, owner, json]);
}

/**
 * Keeps what the identity page offers to fill in on the phone, so that the app started with no
 * network opens the same form on the offline page (issue 13 item 2). What is typed is the draft's
 * (lib/client/draft-store); this is only the starting point. `null`: nothing to fill any more.
 */
export function RememberIdentityForm({ snapshot }: { snapshot: IdentityFormSnapshot | null }) {
  useKeep('identity', snapshot);
  return null;
}

/** The same for /confirm's "something is wrong": the correction form, while the task can be corrected. */
export function RememberCorrectionForm({ snapshot }: { snapshot: CorrectionFormSnapshot | null }) {
  useKeep('correction', snapshot);
  return null;
}
