import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { DeviceOwner } from '@/lib/client/device/owner';
import { LocaleSwitch } from '@/app/_components/locale-switch';
import { StaffShell, type StaffNavItem } from '@/components/shell/staff-shell';
import { SignOutButton } from '@/app/_components/sign-out-button';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess, getCtx } from '@/lib/server/auth/session';

/** The office portal (step 4): office readers, signed in by the campus SSO, tablet/desktop first. */
export default async function OfficeLayout({ children }: { children: ReactNode }) {
  const ctx = await getCtx();
  if (!ctx.userId) redirect('/signin');
  const access = await getAccess();
  if (!access) redirect('/signin?error=AccountDisabled');
  if (!hasRole(access, 'office')) redirect(access.grants.length ? '/staff' : '/no-access');
  const { t, locale } = await getT();
  const nav: StaffNavItem[] = [
    { href: '/office', label: t('sharing.portalNav'), exact: true },
    { href: '/api/v1/docs', label: t('sharing.apiDocs') },
  ];
  if (access.grants.some((g) => g.role !== 'office')) nav.push({ href: '/staff', label: t('nav.staffHome') });
  const footer = (
    <div className="flex items-center justify-between gap-2 md:flex-col md:items-stretch">
      <span className="truncate px-3 text-sm text-slate-500" data-testid="staff-user">
        {access.user.displayName}
      </span>
      <div className="flex md:flex-col">
        <LocaleSwitch locale={locale} label={t('locale.switch')} />
        <SignOutButton label={t('nav.signOut')} />
        {/* Another account's data on this phone (a student's outbox, drafts) is wiped. */}
        <DeviceOwner userId={access.user.id} />
      </div>
    </div>
  );
  return (
    <StaffShell appName={t('app.name')} nav={nav} footer={footer}>
      {children}
    </StaffShell>
  );
}
