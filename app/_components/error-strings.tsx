'use client';
import { createContext, useContext, type ReactNode } from 'react';

export interface ErrorStrings {
  appName: string;
  mark: string;
  title: string;
  body: string;
  code: string;
  retry: string;
  home: string;
}

const Ctx = createContext<ErrorStrings | null>(null);

/**
 * app/error.tsx is a client component and cannot read the catalogs on the server; the root layout
 * hands it the few strings it needs in the request's language (not the whole catalog).
 */
export function ErrorStringsProvider({ value, children }: { value: ErrorStrings; children: ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useErrorStrings(): ErrorStrings | null {
  return useContext(Ctx);
}
