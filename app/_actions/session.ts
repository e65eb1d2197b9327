'use server';
import { cookies } from 'next/headers';
import { LOCALE_COOKIE, isLocale } from '@/lib/i18n';
import { signIn, signOut } from '@/lib/server/auth/config';

export async function signInAction(): Promise<void> {
  await signIn('campus', { redirectTo: '/' });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/signin' });
}

export async function setLocaleAction(formData: FormData): Promise<void> {
  const locale = formData.get('locale');
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax', httpOnly: false });
}
