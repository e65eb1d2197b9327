'use server';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { LOCALE_COOKIE, isLocale } from '@/lib/i18n';
import { runAction } from '@/lib/server/action';
import { casLoginUrl } from '@/lib/server/auth/cas';
import { casServiceUrl } from '@/lib/server/auth/cas-sign-in';
import { auth, signIn, signOut } from '@/lib/server/auth/config';
import { idpLogoutUrl } from '@/lib/server/auth/idp-logout';
import { getCtx } from '@/lib/server/auth/session';
import { endMySession } from '@/lib/server/auth/sessions';
import { getEnv } from '@/lib/server/env';
import { limit, RateLimitError } from '@/lib/server/ratelimit';
import { clientIpOf } from '@/lib/server/ratelimit/client-ip';

/** Starting a sign-in spends the per-IP `signin` budget; used up, the sign-in page says so. */
async function spendSignIn(): Promise<void> {
  try {
    await limit('signin', clientIpOf(await headers()));
  } catch (e) {
    if (e instanceof RateLimitError) redirect('/signin?error=RateLimited');
    throw e;
  }
}

// Each goes through runAction for the Origin check; their redirects pass through it.
export async function signInAction(): Promise<void> {
  const r = await runAction('sign in', async () => {
    await spendSignIn();
    await signIn('campus', { redirectTo: '/' });
  });
  if (!r.ok) redirect(`/signin?error=${encodeURIComponent(r.code)}`);
}

/** CAS: off to `<cas>/login?service=…`; the CAS server sends the browser back with a ticket. */
export async function casSignInAction(): Promise<void> {
  const r = await runAction('cas sign in', async () => {
    const { cas } = getEnv();
    if (!cas) redirect('/signin');
    await spendSignIn();
    redirect(casLoginUrl(cas, casServiceUrl()));
  });
  if (!r.ok) redirect(`/signin?error=${encodeURIComponent(r.code)}`);
}

/**
 * Ends the server-side session row first (so the cookie is dead on every app instance even if
 * the browser keeps it), then the cookie, then the campus session at the IdP.
 */
export async function signOutAction(): Promise<void> {
  const r = await runAction('sign out', async () => {
    const [session, ctx] = await Promise.all([auth(), getCtx()]);
    if (session?.user?.id) await endMySession({ ...ctx, userId: session.user.id }, session.sid);
    await signOut({ redirect: false });
    return idpLogoutUrl(session);
  });
  redirect(r.ok ? r.data : '/signin');
}

export async function setLocaleAction(formData: FormData): Promise<void> {
  await runAction(
    'set locale',
    async () => {
      const locale = formData.get('locale');
      if (!isLocale(locale)) return;
      (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax', httpOnly: false, secure: getEnv().http.secure });
    },
    { input: formData },
  );
}
