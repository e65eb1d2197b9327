'use client';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { claimDevice } from './db';

/** The signed-in user's id, for code that keeps data on the phone; null outside signed-in pages. */
const OwnerContext = createContext<{ userId: string; ready: boolean } | null>(null);

/**
 * Wraps signed-in pages: makes the device database this user's (wiping what another account left
 * on the phone) before anything reads or sends from it.
 */
export function DeviceOwner({ userId, children = null }: { userId: string; children?: ReactNode }) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    claimDevice(userId)
      .catch(() => 'unavailable' as const)
      .then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [userId]);
  return <OwnerContext.Provider value={{ userId, ready }}>{children}</OwnerContext.Provider>;
}

/** The device owner once claimed; null before that or outside signed-in pages. */
export function useDeviceOwner(): string | null {
  const v = useContext(OwnerContext);
  return v?.ready ? v.userId : null;
}
