import type { Messages } from './messages/zh-CN';

// Dotted paths of string leaves: 'signin.errors.default' etc., checked by the compiler.
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
// Dotted paths of the namespaces between them: 'photo.kinds', 'reasons', …
type Branches<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? never : `${P}${K}` | Branches<T[K], `${P}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<Messages>;
export type MessagePrefix = Branches<Messages>;

/**
 * A translator. Only catalog keys type-check: a mistyped `t('home.titel')` is a compile error.
 * Keys that arrive as data go through `keyIn` (enum values, codes) or `messageKey` (whole keys
 * carried in a URL or an error), so every way around the check is named and greppable.
 */
export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * A key whose last part is data — a database enum, a reason code, a field name. The compiler
 * checks the namespace (`keyIn('photo.kinds', kind)`); a value with no message under it shows
 * the key itself on screen (see translator), and tests/unit/i18n-keys.test.ts checks that every
 * enum the code passes here has its message in both catalogs.
 */
export function keyIn(prefix: MessagePrefix, leaf: string, suffix = ''): MessageKey {
  return `${prefix}.${leaf}${suffix}` as MessageKey;
}
