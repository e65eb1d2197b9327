import type { ReactNode } from 'react';

/**
 * The frame of the app's own not-found and error pages: the brand, a slim header like the
 * student shell's, one card. No data, no session: it must render when everything else failed.
 */
export function StatusPage({
  appName,
  mark,
  headerRight,
  code,
  title,
  body,
  children,
  testId,
}: {
  appName: string;
  /** the one-glyph brand mark ('核' / 'ID') */
  mark: string;
  headerRight?: ReactNode;
  code?: string;
  title: string;
  body: string;
  children?: ReactNode;
  testId: string;
}) {
  return (
    <div className="mx-auto flex min-h-dvh max-w-lg flex-col bg-slate-50">
      <header className="flex min-h-14 items-center justify-between border-b border-slate-200 bg-white px-4 py-2">
        <span className="flex items-center gap-2 text-base font-semibold">
          <span aria-hidden className="flex h-8 w-8 items-center justify-center rounded-lg bg-brand-600 text-sm font-bold text-white">
            {mark}
          </span>
          {appName}
        </span>
        {headerRight}
      </header>
      <main className="flex-1 px-4 pt-8 pb-12">
        <section className="rounded-2xl bg-white p-6 shadow-sm" data-testid={testId} aria-labelledby="status-title">
          {code && <p className="text-sm font-medium text-slate-600">{code}</p>}
          <h1 id="status-title" className="mt-1 text-2xl font-semibold">
            {title}
          </h1>
          <p className="mt-3 text-base leading-relaxed text-slate-700">{body}</p>
          <div className="mt-6 flex flex-col gap-3">{children}</div>
        </section>
      </main>
    </div>
  );
}

export const statusButton =
  'tap inline-flex w-full items-center justify-center rounded-xl px-4 py-3 text-base font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600';
