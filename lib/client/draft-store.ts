/**
 * Form drafts kept on the phone, in the device database (lib/client/device/db.ts).
 *
 * Why IndexedDB and not localStorage: the identity draft holds the ID number, and localStorage is
 * a synchronous plain-text store that every script on the origin reads with one call and that
 * browsers never expire; IndexedDB is asynchronous (no jank while typing), holds structured values,
 * and the draft is deleted from it as soon as the submission succeeds, at sign-out, and when
 * another account signs in on the phone.
 *
 * Every call rejects when IndexedDB is unavailable; callers treat that as "no device draft" and
 * carry on with the server draft.
 */
import { deviceDb, type DeviceDraft } from './device/db';

export type { DeviceDraft };

export async function getDraft<T>(key: string): Promise<DeviceDraft<T> | null> {
  const v = (await (await deviceDb()).get('drafts', key)) as DeviceDraft<T> | undefined;
  return v && typeof v.savedAt === 'number' ? v : null;
}

export async function putDraft<T>(key: string, value: T): Promise<number> {
  const savedAt = Date.now();
  await (await deviceDb()).put('drafts', { value, savedAt } satisfies DeviceDraft<T>, key);
  return savedAt;
}

export async function deleteDraft(key: string): Promise<void> {
  await (await deviceDb()).delete('drafts', key);
}
