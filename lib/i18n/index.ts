import { interpolate } from './format';
import en from './messages/en';
import zhCN, { type Messages } from './messages/zh-CN';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_COOKIE = 'locale';

const CATALOGS: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

// Dotted paths of string leaves: 'signin.errors.default' etc., checked by the compiler.
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<Messages>;

export type T = (key: MessageKey | (string & {}), vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): T {
  const catalog = CATALOGS[locale];
  return (key, vars) => {
    let node: unknown = catalog;
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    // A missing key shows itself rather than an empty label, so it is seen and fixed.
    return interpolate(typeof node === 'string' ? node : key, vars, locale);
  };
}

export type { Messages };
