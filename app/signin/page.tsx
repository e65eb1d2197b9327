import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { casSignInAction, signInAction } from '@/app/_actions/session';
import { LocaleSwitch } from '@/app/_components/locale-switch';
import { getT } from '@/lib/i18n/server';
import { getCtx } from '@/lib/server/auth/session';
import { getEnv } from '@/lib/server/env';
import { keyIn } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('signin.title') };
}

const KNOWN_ERRORS = ['AccountDisabled', 'AccessDenied', 'Configuration', 'Verification', 'CasTicket', 'CasUnavailable', 'RateLimited'];

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const [{ t, locale }, ctx, { error }] = await Promise.all([getT(), getCtx(), searchParams]);
  if (ctx.userId && !error) redirect('/');
  const { campus, cas } = getEnv();
  const both = Boolean(campus && cas);
  const errorKey = error ? keyIn('signin.errors', KNOWN_ERRORS.includes(error) ? error : 'default') : null;
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col px-5 py-8">
      <div className="flex justify-end">
        <LocaleSwitch locale={locale} label={t('locale.switch')} />
      </div>
      <div className="mt-10 flex-1">
        <div aria-hidden className="mb-6 flex h-14 w-14 items-center justify-center rounded-2xl bg-brand-600 text-2xl font-bold text-white">
          {locale === 'zh-CN' ? '核' : 'ID'}
        </div>
        <h1 className="text-2xl font-semibold">{t('app.name')}</h1>
        <p className="mt-2 text-slate-600">{t('signin.intro')}</p>
        {errorKey && (
          <p role="alert" className="mt-6 rounded-xl border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
            {t(errorKey)}
          </p>
        )}
        {both && <p className="mt-8 text-sm font-medium text-slate-700">{t('signin.chooseProvider')}</p>}
        {cas && (
          <form action={casSignInAction} className={both ? 'mt-3' : 'mt-8'}>
            <button
              type="submit"
              className="tap w-full rounded-xl bg-brand-600 px-4 py-3 text-base font-medium text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
              data-testid="sign-in-cas"
            >
              {t('signin.button', { provider: cas.name })}
            </button>
          </form>
        )}
        {both && (
          <p aria-hidden className="my-3 text-center text-sm text-slate-500">
            {t('signin.or')}
          </p>
        )}
        {campus && (
          <form action={signInAction} className={cas ? '' : 'mt-8'}>
            <button
              type="submit"
              className={
                cas
                  ? 'tap w-full rounded-xl border border-brand-600 bg-white px-4 py-3 text-base font-medium text-brand-700 shadow-sm hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600'
                  : 'tap w-full rounded-xl bg-brand-600 px-4 py-3 text-base font-medium text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600'
              }
              data-testid="sign-in"
            >
              {t('signin.button', { provider: campus.name })}
            </button>
          </form>
        )}
        {campus?.isDevProvider && <p className="mt-4 rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-900">{t('signin.devNotice')}</p>}
      </div>
      <p className="mt-8 text-xs leading-relaxed text-slate-500">{t('signin.privacy')}</p>
    </main>
  );
}
