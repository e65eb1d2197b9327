/**
 * A tiny IndexedDB key-value store for form drafts kept on the phone (no library: three calls).
 *
 * Why IndexedDB and not localStorage: the identity draft holds the ID number, and localStorage is
 * a synchronous plain-text store that every script on the origin reads with one call and that
 * browsers never expire; IndexedDB is asynchronous (no jank while typing), holds structured values,
 * and the draft is deleted from it as soon as the submission succeeds.
 *
 * Every call rejects when IndexedDB is unavailable (some private modes, very old WebViews); callers
 * treat that as "no device draft" and carry on with the server draft.
 */
const DB_NAME = 'campus-id-verify';
const STORE = 'drafts';

export interface DeviceDraft<T> {
  value: T;
  /** ms since the epoch, from this device's clock */
  savedAt: number;
}

let dbPromise: Promise<IDBDatabase> | null = null;

function db(): Promise<IDBDatabase> {
  if (dbPromise) return dbPromise;
  dbPromise = new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('IndexedDB unavailable'));
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => {
      const conn = req.result;
      // Another tab upgrading the schema: let it, and reopen on the next call.
      conn.onversionchange = () => {
        conn.close();
        dbPromise = null;
      };
      resolve(conn);
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
    req.onblocked = () => reject(new Error('IndexedDB open blocked'));
  });
  dbPromise.catch(() => {
    dbPromise = null;
  });
  return dbPromise;
}

async function run<R>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<R>): Promise<R> {
  const conn = await db();
  return new Promise<R>((resolve, reject) => {
    const tx = conn.transaction(STORE, mode);
    const req = op(tx.objectStore(STORE));
    // Resolve on commit, not on the request: a put is durable only once its transaction completes.
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error ?? req.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export async function getDraft<T>(key: string): Promise<DeviceDraft<T> | null> {
  const v = await run('readonly', (s) => s.get(key) as IDBRequest<DeviceDraft<T> | undefined>);
  return v && typeof v.savedAt === 'number' ? v : null;
}

export async function putDraft<T>(key: string, value: T): Promise<number> {
  const savedAt = Date.now();
  await run('readwrite', (s) => s.put({ value, savedAt } satisfies DeviceDraft<T>, key));
  return savedAt;
}

export async function deleteDraft(key: string): Promise<void> {
  await run('readwrite', (s) => s.delete(key));
}
