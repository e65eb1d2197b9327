import { interpolate } from './format';
import en from './messages/en';
import zhCN, { type Messages } from './messages/zh-CN';
import type { MessageKey, T } from './keys';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_COOKIE = 'locale';

const CATALOGS: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

export type { MessageKey, MessagePrefix, T } from './keys';
export { keyIn } from './keys';

function lookup(catalog: Messages, key: string): string | undefined {
  let node: unknown = catalog;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string' ? node : undefined;
}

/**
 * A whole key that arrives as data (`?ok=…` after a redirect, an error's userMessage, an import
 * error code): the key when both catalogs have it, otherwise undefined — so a hand-edited URL
 * cannot print an arbitrary string, and the caller names its fallback.
 */
export function messageKey(key: string | null | undefined): MessageKey | undefined {
  if (!key) return undefined;
  return lookup(zhCN, key) !== undefined && lookup(en, key) !== undefined ? (key as MessageKey) : undefined;
}

export function translator(locale: Locale): T {
  const catalog = CATALOGS[locale];
  // A missing key shows itself rather than an empty label, so it is seen and fixed.
  return (key, vars) => interpolate(lookup(catalog, key) ?? key, vars, locale);
}

export type { Messages };

/**
 * The message for a whole key that arrives as data, or `fallback` (the key itself when none is
 * given) when no catalog has it — the named way around `T`'s compile-time check.
 */
export function tKnown(t: T, key: string | null | undefined, vars?: Record<string, string | number>, fallback?: string): string {
  const k = messageKey(key);
  return k ? t(k, vars) : (fallback ?? key ?? '');
}
