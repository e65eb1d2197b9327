import { useCallback, useEffect, useRef, useState } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import { deleteDraft, getDraft, putDraft } from '@/lib/client/draft-store';
import type { TIdentityDraft } from '@/lib/schemas/identity';
import type { FormValues, IdentityActions } from './types';

export type SaveStatus = 'idle' | 'saving' | 'device' | 'server' | 'offline' | 'restored';

const DEVICE_DELAY_MS = 500;
// Each server save is a round trip on a possibly weak network, and Next.js runs a page's server
// actions one at a time: saving every few seconds keeps photo uploads and the submit from queueing.
const SERVER_DELAY_MS = 3000;

const online = () => typeof navigator === 'undefined' || navigator.onLine !== false;

/**
 * Autosave of the identity form: to IndexedDB on this device on every change (the ID number
 * included, never to localStorage) and to the server draft when online. On load a device draft
 * newer than `baselineAt` (the server draft, or the last submission/return) replaces the values.
 */
export function useAutosave(
  form: UseFormReturn<FormValues>,
  { storageKey, baselineAt, saveDraft }: { storageKey: string; baselineAt: number; saveDraft: IdentityActions['saveDraft'] },
) {
  const { watch, getValues, reset } = form;
  const [status, setStatus] = useState<SaveStatus>('idle');
  // False until the page is interactive and the device draft has been looked at: input typed
  // before that was concatenated onto the old value and autosaved (issue 8 item 7).
  const [ready, setReady] = useState(false);
  const deviceTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const serverTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const serverDirty = useRef(false);
  const typed = useRef(false);
  const stopped = useRef(false);

  const saveDevice = useCallback(async () => {
    clearTimeout(deviceTimer.current);
    deviceTimer.current = undefined;
    if (stopped.current) return;
    try {
      await putDraft(storageKey, getValues());
      if (!stopped.current) setStatus((s) => (serverDirty.current ? (online() ? 'device' : 'offline') : s === 'saving' ? 'server' : s));
    } catch {
      // No IndexedDB here: the server draft still has it.
    }
  }, [getValues, storageKey]);

  const saveServer = useCallback(async () => {
    clearTimeout(serverTimer.current);
    if (stopped.current || !serverDirty.current) return;
    if (!online()) return setStatus('offline');
    serverDirty.current = false;
    try {
      const r = await saveDraft(getValues() as TIdentityDraft);
      if (stopped.current) return;
      if (r.ok) setStatus(serverDirty.current ? 'device' : 'server');
      else setStatus('device'); // refused (e.g. an over-long paste): kept on the device
    } catch {
      // No answer: the device copy stands; try again when the network is back.
      serverDirty.current = true;
      if (!stopped.current) setStatus('offline');
    }
  }, [getValues, saveDraft]);

  // A device draft newer than what the server knows (typed offline, or the page was killed while
  // the camera was open) wins — unless the student has already started typing here.
  useEffect(() => {
    let cancelled = false;
    getDraft<FormValues>(storageKey)
      .then((d) => {
        if (cancelled || !d || typed.current || d.savedAt <= baselineAt) return;
        // The device draft replaces each value whole; nothing is appended to what is shown.
        reset({ ...getValues(), ...d.value });
        setStatus('restored');
        serverDirty.current = true;
        serverTimer.current = setTimeout(saveServer, SERVER_DELAY_MS);
      })
      .catch(() => {})
      .finally(() => {
        if (!cancelled) setReady(true);
      });
    return () => {
      cancelled = true;
    };
    // Once, on mount: later changes of these inputs do not mean "restore again".
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const sub = watch((_values, { type }) => {
      // Only what the student changed: reset() and the draft restore do not count as edits.
      if (type !== 'change' || stopped.current) return;
      typed.current = true;
      serverDirty.current = true;
      setStatus('saving');
      clearTimeout(deviceTimer.current);
      deviceTimer.current = setTimeout(saveDevice, DEVICE_DELAY_MS);
      clearTimeout(serverTimer.current);
      serverTimer.current = setTimeout(saveServer, SERVER_DELAY_MS);
    });
    const flush = () => {
      if (deviceTimer.current !== undefined) void saveDevice();
    };
    // Android may kill a backgrounded page while the camera app is open: save before that.
    const onHide = () => document.visibilityState === 'hidden' && flush();
    const onOnline = () => serverDirty.current && void saveServer();
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', flush);
    window.addEventListener('online', onOnline);
    return () => {
      sub.unsubscribe();
      flush();
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('online', onOnline);
    };
  }, [watch, saveDevice, saveServer]);

  /** After a successful submit: no more saves, and the device copy (with the ID number) is gone. */
  const finish = useCallback(async () => {
    stopped.current = true;
    clearTimeout(deviceTimer.current);
    clearTimeout(serverTimer.current);
    await deleteDraft(storageKey).catch(() => {});
  }, [storageKey]);

  return { status, finish, ready };
}
