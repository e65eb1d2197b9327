import { NavLink } from './nav-link';
import type { ReactNode } from 'react';

export interface StaffNavItem {
  href: string;
  label: string;
  exact?: boolean;
}

/** Tablet first: a side rail of sections; pages inside use a list + detail split. */
export function StaffShell({ appName, nav, footer, children }: { appName: string; nav: StaffNavItem[]; footer: ReactNode; children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col md:flex-row">
      <aside className="flex shrink-0 flex-col border-b border-slate-200 bg-white md:w-56 md:border-b-0 md:border-r">
        <div className="px-4 py-3 text-base font-semibold">{appName}</div>
        <nav aria-label="staff" className="flex gap-1 overflow-x-auto px-2 pb-2 md:flex-1 md:flex-col md:overflow-visible">
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
        <div className="hidden border-t border-slate-200 p-2 md:block">{footer}</div>
      </aside>
      <main className="min-w-0 flex-1">{children}</main>
      <div className="border-t border-slate-200 bg-white p-2 md:hidden">{footer}</div>
    </div>
  );
}
