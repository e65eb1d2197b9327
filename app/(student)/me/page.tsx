import type { Metadata } from 'next';
import { LocaleSwitch } from '@/app/_components/locale-switch';
import { SignOutButton } from '@/app/_components/sign-out-button';
import { getT } from '@/lib/i18n/server';
import { getAccess } from '@/lib/server/auth/session';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('nav.settings') };
}

export default async function StudentSettings() {
  const [access, { t, locale }] = await Promise.all([getAccess(), getT()]);
  return (
    <div className="space-y-4">
      <section className="rounded-2xl bg-white p-5 shadow-sm">
        <p className="text-sm text-slate-500">{t('noAccess.account')}</p>
        <p className="mt-1 font-medium">{access?.user.displayName}</p>
      </section>
      {access?.student && (
        <section className="rounded-2xl bg-white p-5 shadow-sm">
          <a href="/me/copy" className="tap inline-flex items-center font-medium text-brand-700" data-testid="my-copy">
            {t('archive.myCopy')}
          </a>
          <p className="mt-1 text-sm text-slate-500">{t('archive.myCopyHint')}</p>
        </section>
      )}
      <section className="divide-y divide-slate-100 rounded-2xl bg-white shadow-sm">
        <div className="flex items-center justify-between px-4 py-1">
          <span className="text-sm">{t('locale.label')}</span>
          <LocaleSwitch locale={locale} label={t('locale.switch')} />
        </div>
        <div className="px-1 py-1">
          <SignOutButton label={t('nav.signOut')} pendingWarning={t('outbox.signOutPending')} />
        </div>
      </section>
    </div>
  );
}
