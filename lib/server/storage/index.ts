import 'server-only';
import { getEnv } from '../env';
import { LocalObjectStore } from './local';
import { SupabaseObjectStore } from './supabase';
import type { ObjectStore } from './types';

/** One store per process, chosen by configuration (SUPABASE_URL set → Supabase, else local disk). */
let store: ObjectStore | undefined;

export function getStore(): ObjectStore {
  if (!store) {
    const cfg = getEnv().storage;
    store =
      cfg.kind === 'supabase'
        ? new SupabaseObjectStore({ url: cfg.url, serviceRoleKey: cfg.serviceRoleKey, bucket: cfg.bucket })
        : new LocalObjectStore({ root: cfg.root, signingSecret: cfg.signingSecret });
  }
  return store;
}

/** The local store, or null when Supabase is configured (the /api/storage routes then answer 404). */
export function getLocalStore(): LocalObjectStore | null {
  const s = getStore();
  return s instanceof LocalObjectStore ? s : null;
}

export type { ObjectStore, UploadTarget } from './types';
export { isValidObjectKey, newObjectKey, objectKeyOwner, type ObjectKind } from './keys';
