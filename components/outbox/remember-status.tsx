'use client';
import { useEffect } from 'react';
import { rememberStatus } from '@/lib/client/device/db';
import { useDeviceOwner } from '@/lib/client/device/owner';

/** Keeps what /home shows about the record on the phone, for the offline page. No ID number, no photo. */
export function RememberStatus({ state, label, locale }: { state: string; label: string; locale: string }) {
  const owner = useDeviceOwner();
  useEffect(() => {
    if (owner) void rememberStatus({ owner, state, label, locale, at: Date.now() }).catch(() => {});
  }, [owner, state, label, locale]);
  return null;
}
