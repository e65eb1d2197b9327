import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { DeviceOwner } from '@/lib/client/device/owner';
import { LocaleSwitch } from '@/app/_components/locale-switch';
import { StaffShell, type StaffNavItem } from '@/components/shell/staff-shell';
import { SignOutButton } from '@/app/_components/sign-out-button';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess, getCtx } from '@/lib/server/auth/session';

export default async function StaffLayout({ children }: { children: ReactNode }) {
  const ctx = await getCtx();
  if (!ctx.userId) redirect('/signin');
  const access = await getAccess();
  if (!access) redirect('/signin?error=AccountDisabled');
  if (!access.grants.length) redirect(access.student ? '/home' : '/no-access');
  const { t, locale } = await getT();
  const nav: StaffNavItem[] = [{ href: '/staff', label: t('nav.staffHome'), exact: true }];
  if (hasRole(access, 'reviewer') || hasRole(access, 'registrar')) nav.push({ href: '/staff/reviews', label: t('review.nav') });
  if (hasRole(access, 'reviewer') || hasRole(access, 'registrar')) nav.push({ href: '/staff/students', label: t('nav.students') });
  if (hasRole(access, 'registrar')) nav.push({ href: '/staff/cases', label: t('cases.nav') });
  if (hasRole(access, 'reviewer') || hasRole(access, 'registrar')) nav.push({ href: '/staff/campaigns', label: t('campaigns.nav') });
  if (hasRole(access, 'reviewer') || hasRole(access, 'registrar')) nav.push({ href: '/staff/corrections', label: t('corrections.nav') });
  if (hasRole(access, 'registrar')) nav.push({ href: '/staff/imports', label: t('imports.nav') });
  if (hasRole(access, 'admin')) nav.push({ href: '/staff/admin/users', label: t('nav.admin') });
  if (hasRole(access, 'admin')) nav.push({ href: '/staff/settings/fields', label: t('fields.nav') });
  if (hasRole(access, 'admin')) nav.push({ href: '/staff/admin/offices', label: t('sharing.adminNav') });
  if (hasRole(access, 'office')) nav.push({ href: '/office', label: t('sharing.portalNav') });
  if (hasRole(access, 'auditor')) nav.push({ href: '/staff/audit', label: t('nav.audit') });
  if (hasRole(access, 'reviewer') || hasRole(access, 'registrar')) nav.push({ href: '/staff/metrics', label: t('metrics.nav') });
  if (hasRole(access, 'registrar')) nav.push({ href: '/staff/questionnaires', label: t('questionnaires.nav') });
  if (hasRole(access, 'counsellor')) nav.push({ href: '/counsellor', label: t('counsellor.nav') });
  if (hasRole(access, 'admin') || hasRole(access, 'registrar')) nav.push({ href: '/staff/admin/retention', label: t('archive.retention.title') });
  if (access.student) nav.push({ href: '/home', label: t('nav.studentView') });
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
