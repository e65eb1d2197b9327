import { NavLink } from './nav-link';
import type { ReactNode } from 'react';

export interface NavItem {
  href: string;
  label: string;
  icon: ReactNode;
}

/** Phone first: one column, a slim header, large bottom navigation within thumb reach. */
export function StudentShell({ title, headerRight, nav, children }: { title: string; headerRight?: ReactNode; nav: NavItem[]; children: ReactNode }) {
  return (
    <div className="mx-auto flex min-h-dvh max-w-lg flex-col bg-slate-50">
      <header className="sticky top-0 z-10 flex items-center justify-between border-b border-slate-200 bg-white/95 px-4 py-2 backdrop-blur">
        <span className="text-base font-semibold">{title}</span>
        {headerRight}
      </header>
      <main className="flex-1 px-4 pb-28 pt-4">{children}</main>
      <nav className="fixed inset-x-0 bottom-0 z-10 border-t border-slate-200 bg-white pb-[env(safe-area-inset-bottom)]" aria-label="main">
        <ul className="mx-auto flex max-w-lg">
          {nav.map((n) => (
            <li key={n.href} className="flex-1">
              <NavLink
                href={n.href}
                className="flex min-h-14 flex-col items-center justify-center gap-0.5 text-xs text-slate-500"
                activeClassName="!text-brand-600"
              >
                <span aria-hidden className="text-xl leading-none">
                  {n.icon}
                </span>
                {n.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
