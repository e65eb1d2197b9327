/**
 * Everything personal this app keeps on the phone, in one IndexedDB database through `idb`
 * (decision 081): form drafts, the offline outbox (photos and submissions waiting for the
 * network) and the last known status. The service worker caches none of it (decision 080).
 *
 * The database belongs to one person at a time: `meta.owner` is the signed-in user id. A different
 * user signing in on the same phone wipes it first (claimDevice), and sign-out wipes it
 * (wipeDevice), so nobody sees, or sends, someone else's ID number or photos.
 *
 * Every call rejects when IndexedDB is unavailable (some private modes, very old WebViews);
 * callers treat that as "nothing on this device" and carry on online.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxItem } from '../outbox/types';

export const DB_NAME = 'campus-id-verify';
const VERSION = 3;

export interface DeviceDraft<T> {
  value: T;
  /** ms since the epoch, from this device's clock */
  savedAt: number;
}

/** What /home last showed, for the offline page. No ID number, no photo. */
export interface CachedStatus {
  owner: string;
  /** identity record state (none, draft, submitted, in_review, returned, verified, escalated) */
  state: string;
  /** the state's title in the language the student uses */
  label: string;
  locale: string;
  /** when the server said so (ms since the epoch) */
  at: number;
}

/**
 * What the identity page last offered to fill in (the form's starting point, not what was typed:
 * that is the draft), so the offline page can open the form when the app starts with no network.
 * Only while the record is editable (none, draft, returned); a status that is not removes it.
 */
export interface CachedIdentityForm {
  owner: string;
  /** the form's own props as the identity page rendered them (FormValues, notes in `locale`) */
  form: {
    scope: string;
    initial: Record<string, string>;
    baselineAt: number;
    editable: string[] | null;
    idNumberMask: string | null;
    notes: Record<string, { reason: string; comment?: string }>;
    /** photos on file by kind (document ids only: their signed thumbnails expire) */
    photos: Record<string, string>;
    retake: string[];
  };
  roster: { name: string; studentNumber: string; cohort: number; department: { nameZh: string; nameEn: string } };
  returned: { comment: string | null } | null;
  locale: string;
  /** when the server rendered it (ms since the epoch) */
  at: number;
}

/**
 * What /confirm last offered for "something is wrong" (the task, the fields with their tiers and
 * verified values as the page showed them, the choices), while the task can still be corrected.
 */
export interface CachedCorrectionForm {
  owner: string;
  form: {
    taskId: string | null;
    fields: { field: string; label: string; tier: string; original: string; display: string; contact: string | null }[];
    options: Record<'sex' | 'ethnicity' | 'idType', { value: string; label: string }[]>;
  };
  locale: string;
  at: number;
}

const EDITABLE_STATES: ReadonlySet<string> = new Set(['none', 'draft', 'returned']);

/** The forms kept for a start with no network, by their key in the `forms` store. */
export interface KeptForms {
  identity: CachedIdentityForm;
  correction: CachedCorrectionForm;
}

interface DeviceSchema extends DBSchema {
  drafts: { key: string; value: DeviceDraft<unknown> };
  outbox: { key: string; value: OutboxItem; indexes: { byCreated: number } };
  status: { key: string; value: CachedStatus };
  forms: { key: keyof KeptForms; value: KeptForms[keyof KeptForms] };
  meta: { key: string; value: string };
}

export const STORES = ['drafts', 'outbox', 'status', 'forms', 'meta'] as const;

let dbPromise: Promise<IDBPDatabase<DeviceSchema>> | null = null;

export function deviceDb(): Promise<IDBPDatabase<DeviceSchema>> {
  if (dbPromise) return dbPromise;
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('IndexedDB unavailable'));
  dbPromise = openDB<DeviceSchema>(DB_NAME, VERSION, {
    upgrade(db, oldVersion) {
      // Version 1 (the hand-written draft store) had only `drafts`; its rows carry no owner, so
      // the first claimDevice after the upgrade wipes them.
      if (oldVersion < 1) db.createObjectStore('drafts');
      if (oldVersion < 2) {
        db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
        db.createObjectStore('status');
        db.createObjectStore('meta');
      }
      if (oldVersion < 3) db.createObjectStore('forms');
    },
    // Another tab upgrading the schema: let it, and reopen on the next call.
    blocking() {
      void dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
  });
  dbPromise.catch(() => {
    dbPromise = null;
  });
  return dbPromise;
}

async function clearAll(db: IDBPDatabase<DeviceSchema>): Promise<void> {
  const tx = db.transaction(STORES, 'readwrite');
  await Promise.all([...STORES.map((s) => tx.objectStore(s).clear()), tx.done]);
}

/** Who the data on this device belongs to, or null. */
export async function deviceOwner(): Promise<string | null> {
  return (await (await deviceDb()).get('meta', 'owner')) ?? null;
}

/**
 * Called when a signed-in page loads: the device is this user's from now on. Data left by anyone
 * else (or by nobody known) is deleted first.
 */
export async function claimDevice(userId: string): Promise<'kept' | 'wiped'> {
  const db = await deviceDb();
  const tx = db.transaction(STORES, 'readwrite');
  const meta = tx.objectStore('meta');
  const owner = await meta.get('owner');
  let result: 'kept' | 'wiped' = 'kept';
  if (owner !== userId) {
    await Promise.all(STORES.map((s) => tx.objectStore(s).clear()));
    await meta.put(userId, 'owner');
    result = owner === undefined ? 'kept' : 'wiped';
  }
  await tx.done;
  return result;
}

/** Sign-out: nothing personal stays on the phone. */
export async function wipeDevice(): Promise<void> {
  try {
    await clearAll(await deviceDb());
  } catch {
    // No usable connection (blocked, broken): delete the whole database instead.
    dbPromise = null;
    await deleteDB(DB_NAME);
  }
  try {
    // Idempotency keys of attempts in progress (lib/client/idempotency.ts) are per person too.
    for (const k of Object.keys(sessionStorage)) if (k.startsWith('idem:')) sessionStorage.removeItem(k);
  } catch {
    // sessionStorage unavailable: the keys lived in memory and go with the page.
  }
}

export async function rememberStatus(status: CachedStatus): Promise<void> {
  const db = await deviceDb();
  // Only for the device's owner: a status arriving for someone else means claimDevice has not run.
  if ((await db.get('meta', 'owner')) !== status.owner) return;
  const tx = db.transaction(['status', 'forms'], 'readwrite');
  await Promise.all([
    tx.objectStore('status').put(status, 'identity'),
    // Submitted, in review, verified: there is no form to fill any more, offline or not.
    EDITABLE_STATES.has(status.state) ? undefined : tx.objectStore('forms').delete('identity'),
    tx.done,
  ]);
}

/** Keeps a form's starting point for the device's owner (nobody else's is kept). */
export async function rememberForm<K extends keyof KeptForms>(kind: K, form: KeptForms[K]): Promise<void> {
  const db = await deviceDb();
  if ((await db.get('meta', 'owner')) !== form.owner) return;
  await db.put('forms', form, kind);
}

export async function forgetForm(kind: keyof KeptForms): Promise<void> {
  await (await deviceDb()).delete('forms', kind);
}

/** The kept form of this kind if it is the device owner's, with that owner. */
async function ownersForm<K extends keyof KeptForms>(kind: K): Promise<{ form: KeptForms[K] | null; owner: string | undefined }> {
  const db = await deviceDb();
  const [owner, kept] = await Promise.all([db.get('meta', 'owner'), db.get('forms', kind)]);
  const form = kept as KeptForms[K] | undefined;
  return { form: form && form.owner === owner ? form : null, owner };
}

/**
 * The identity form to offer offline: the owner's, and only while the last known status (when
 * there is one newer than the form) still lets the student edit.
 */
export async function lastIdentityForm(): Promise<CachedIdentityForm | null> {
  const [{ form, owner }, status] = await Promise.all([ownersForm('identity'), (await deviceDb()).get('status', 'identity')]);
  if (!form) return null;
  if (status && status.owner === owner && status.at > form.at && !EDITABLE_STATES.has(status.state)) return null;
  return form;
}

export async function lastStatus(): Promise<CachedStatus | null> {
  const db = await deviceDb();
  const [owner, status] = await Promise.all([db.get('meta', 'owner'), db.get('status', 'identity')]);
  return status && status.owner === owner ? status : null;
}

/** The correction form to offer offline: the owner's, as /confirm last offered it. */
export async function lastCorrectionForm(): Promise<CachedCorrectionForm | null> {
  return (await ownersForm('correction')).form;
}
