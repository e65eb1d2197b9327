'use client';
import { useEffect } from 'react';
import { forgetIdentityForm, rememberIdentityForm, type CachedIdentityForm } from '@/lib/client/device/db';
import { useDeviceOwner } from '@/lib/client/device/owner';

export type IdentityFormSnapshot = Omit<CachedIdentityForm, 'owner' | 'at'>;

/**
 * Keeps what the identity page offers to fill in on the phone, so that the app started with no
 * network opens the same form on the offline page (issue 13 item 2). What is typed is the draft's
 * (lib/client/draft-store); this is only the starting point. `null`: nothing to fill any more.
 */
export function RememberIdentityForm({ snapshot }: { snapshot: IdentityFormSnapshot | null }) {
  const owner = useDeviceOwner();
  const json = JSON.stringify(snapshot);
  useEffect(() => {
    if (!owner) return;
    const s = JSON.parse(json) as IdentityFormSnapshot | null;
    // Not kept (no IndexedDB here): the offline page then shows the status and the queue only.
    void (s ? rememberIdentityForm({ ...s, owner, at: Date.now() }) : forgetIdentityForm()).catch(() => {});
  }, [owner, json]);
  return null;
}
