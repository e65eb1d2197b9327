import 'server-only';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { z } from 'zod';
import type { Ctx } from '../db/rls';
import { getEnv } from '../env';
import { clientIp } from '../http/ip';
import { loadAccess, type Access } from './access';
import { decodeSessionToken } from './session-token';

const Uuid = z.uuid();

/** Auth.js's session cookie name: with the __Secure- prefix when the site is https (as Auth.js decides it). */
export function sessionCookieName(appUrl: string): string {
  return `${appUrl.startsWith('https:') ? '__Secure-' : ''}authjs.session-token`;
}

/** Auth.js splits a large cookie into name.0, name.1, …; the value is the chunks in order. */
export function joinSessionChunks(all: { name: string; value: string }[], name: string): string | null {
  const whole = all.find((c) => c.name === name)?.value;
  if (whole) return whole;
  const chunks = all
    .map((c) => ({ i: c.name.startsWith(`${name}.`) ? Number(c.name.slice(name.length + 1)) : NaN, value: c.value }))
    .filter((c) => Number.isInteger(c.i) && c.i >= 0)
    .sort((a, b) => a.i - b.i);
  return chunks.length ? chunks.map((c) => c.value).join('') : null;
}

/**
 * The session cookie, decrypted — and nothing else (decision 131). `auth()` runs the whole Auth.js
 * pipeline and encrypts a fresh cookie on every call; the request only needs to know who it is.
 * The same decoder Auth.js is configured with (./session-token.ts: the key derived once, one
 * AES-GCM decryption; jose's exp check with 15 s tolerance). Whether the session is still live is the database's answer, in the access statement.
 */
export const readSession = cache(async (): Promise<{ userId: string; sessionId: string } | null> => {
  const env = getEnv();
  const name = sessionCookieName(env.appUrl);
  const token = joinSessionChunks((await cookies()).getAll(), name);
  if (!token) return null;
  let payload: Record<string, unknown> | null;
  try {
    payload = await decodeSessionToken({ token, secret: env.authSecret, salt: name });
  } catch {
    // A cookie we cannot decrypt (another secret, tampered, expired) is no session at all, as in Auth.js.
    return null;
  }
  const uid = typeof payload?.uid === 'string' ? payload.uid : '';
  const sid = typeof payload?.sid === 'string' ? payload.sid : '';
  if (!Uuid.safeParse(uid).success || !Uuid.safeParse(sid).success) return null;
  return { userId: uid, sessionId: sid };
});

/** Who the cookie says is asking, before the database has confirmed the session is live. */
export const cookieCtx = cache(async (): Promise<Ctx> => {
  const [session, h] = await Promise.all([readSession(), headers()]);
  return {
    userId: session?.userId ?? null,
    sessionId: session?.sessionId ?? null,
    actor: session ? { kind: 'user', userId: session.userId } : { kind: 'anonymous' },
    ip: clientIp(h, getEnv().http.trustProxy),
    userAgent: h.get('user-agent'),
  };
});

/** Loaded once per request (React cache) and fresh on every request: one statement (decision 130). */
export const getAccess = cache(async (): Promise<Access | null> => {
  const ctx = await cookieCtx();
  return ctx.userId ? loadAccess(ctx) : null;
});

/**
 * The request's context: the signed-in user (if any) plus IP and user agent for the audit log.
 * A cookie whose server-side session was ended (sign-out, CAS single logout, an admin, a
 * disabled account) counts as signed out, on every app instance: the same statement that loads
 * the access answers that, so a page that asks for both makes one round trip.
 */
export const getCtx = cache(async (): Promise<Ctx> => {
  const ctx = await cookieCtx();
  if (!ctx.userId) return ctx;
  return (await getAccess()) ? ctx : { ...ctx, userId: null, sessionId: null, actor: { kind: 'anonymous' } };
});
