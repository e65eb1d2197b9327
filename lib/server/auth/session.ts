import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import type { Ctx } from '../db/rls';
import { getEnv } from '../env';
import { clientIp } from '../http/ip';
import { loadAccess, type Access } from './access';
import { auth } from './config';
import { isSessionLive } from './sessions';

/**
 * The request's context: the signed-in user (if any) plus IP and user agent for the audit log.
 * A cookie whose server-side session was ended (sign-out, CAS single logout, an admin, a
 * disabled account) counts as signed out, on every app instance.
 */
export const getCtx = cache(async (): Promise<Ctx> => {
  const [session, h] = await Promise.all([auth(), headers()]);
  const uid = session?.user?.id || null;
  const live = uid ? await isSessionLive(uid, session?.sid) : false;
  return {
    userId: live ? uid : null,
    actor: live && uid ? { kind: 'user', userId: uid } : { kind: 'anonymous' },
    ip: clientIp(h, getEnv().http.trustProxy),
    userAgent: h.get('user-agent'),
  };
});

/** Loaded once per request (React cache) and fresh on every request. */
export const getAccess = cache(async (): Promise<Access | null> => loadAccess(await getCtx()));
