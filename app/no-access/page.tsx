import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LocaleSwitch } from '@/app/_components/locale-switch';
import { SignOutButton } from '@/app/_components/sign-out-button';
import { getT } from '@/lib/i18n/server';
import { getAccess, getCtx } from '@/lib/server/auth/session';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('noAccess.title') };
}

export default async function NoAccess() {
  const ctx = await getCtx();
  if (!ctx.userId) redirect('/signin');
  const [access, { t, locale }] = await Promise.all([getAccess(), getT()]);
  if (access?.student || access?.grants.length) redirect('/');
  return (
    <main className="mx-auto max-w-md px-5 py-8">
      <div className="flex justify-end">
        <LocaleSwitch locale={locale} label={t('locale.switch')} />
      </div>
      <h1 className="mt-6 text-2xl font-semibold" data-testid="no-access">
        {t('noAccess.title')}
      </h1>
      <p className="mt-3 text-slate-700">{t('noAccess.body')}</p>
      <ul className="mt-4 space-y-3 text-sm text-slate-700">
        <li className="rounded-xl bg-white p-4 shadow-sm">{t('noAccess.studentHint')}</li>
        <li className="rounded-xl bg-white p-4 shadow-sm">{t('noAccess.staffHint')}</li>
      </ul>
      <p className="mt-6 text-sm text-slate-500">
        {t('noAccess.account')}: <span className="text-slate-800">{access?.user.displayName ?? '—'}</span>
      </p>
      <SignOutButton label={t('nav.signOut')} className="mt-4" />
    </main>
  );
}
