import { NavLink } from './nav-link';
import type { ReactNode } from 'react';

export interface StaffNavItem {
  href: string;
  label: string;
  exact?: boolean;
}

/**
 * A side rail of sections from 1280 px; below that (tablets, 1024 px landscape included) one top
 * row — the name and a scrolling row of sections — so the review screen's comparison table has
 * the width its ID numbers and phone numbers need unbroken.
 */
export function StaffShell({ appName, nav, footer, children }: { appName: string; nav: StaffNavItem[]; footer: ReactNode; children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col xl:flex-row">
      <aside className="flex shrink-0 flex-col border-b border-slate-200 bg-white md:flex-row md:items-center xl:w-56 xl:flex-col xl:items-stretch xl:border-b-0 xl:border-r">
        <div className="shrink-0 px-4 py-3 text-base font-semibold">{appName}</div>
        <nav aria-label="staff" className="flex min-w-0 gap-1 overflow-x-auto px-2 pb-2 md:flex-1 md:py-2 xl:flex-col xl:overflow-visible xl:py-0 xl:pb-2">
          {nav.map((n) => (
            <NavLink
              key={n.href}
              href={n.href}
              exact={n.exact}
              className="tap flex shrink-0 items-center rounded-lg px-3 text-sm text-slate-700 hover:bg-slate-100"
              activeClassName="!bg-brand-50 font-medium !text-brand-700"
            >
              {n.label}
            </NavLink>
          ))}
        </nav>
        <div className="hidden border-t border-slate-200 p-2 xl:block">{footer}</div>
      </aside>
      <main className="min-w-0 flex-1">{children}</main>
      <div className="border-t border-slate-200 bg-white p-2 xl:hidden">{footer}</div>
    </div>
  );
}
