import { interpolate } from '@/lib/i18n/format';

/**
 * Translation inside client components, from a flat subset of the catalog that the server page
 * passes down as a prop ({ 'identity.errors.email': '…' }), so no client bundle carries the
 * whole catalog of both languages.
 */
export type ClientMessages = Readonly<Record<string, string>>;
export type ClientT = (key: string, vars?: Record<string, string | number>) => string;

/**
 * `locale` picks the plural rules. Without it: English rules. Only the English catalog has plural
 * blocks (Chinese has one form and its messages have none), so the server render and the browser
 * choose the same words without knowing the page's language.
 */
export function clientT(messages: ClientMessages, locale = 'en'): ClientT {
  return (key, vars) =>
    // A missing key shows itself (as lib/i18n does) so it is noticed and added.
    interpolate(messages[key] ?? key, vars, locale);
}

/**
 * Renders a validation message: an i18n key, optionally followed by '::' and JSON values — the
 * format of msg()/parseMessage() in lib/schemas/identity.ts. Parsed here rather than imported from
 * there because that module pulls zod and the phone metadata (~140 KB gzipped) into the first
 * load; the form loads the schema lazily.
 */
export function formatMessage(t: ClientT, message: string, mapVar?: (name: string, value: string) => string): string {
  const i = message.indexOf('::');
  if (i < 0) return t(message);
  let vars: Record<string, string> = {};
  try {
    vars = JSON.parse(message.slice(i + 2)) as Record<string, string>;
  } catch {
    // a malformed tail still shows the message itself
  }
  if (mapVar) vars = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, mapVar(k, String(v))]));
  return t(message.slice(0, i), vars);
}
