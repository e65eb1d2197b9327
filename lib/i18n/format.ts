/**
 * Fills a catalog message with its values, for the server translator and the client one alike.
 * Besides `{name}`, a message may choose its words by number through the platform's plural rules
 * (Intl.PluralRules) in the ICU form the catalogs' translators know:
 *   '{n, plural, =0 {no requests} one {# request} other {# requests}}'
 * `#` is the number formatted for the locale (Intl.NumberFormat). Only what the catalogs use is
 * supported: one level, no nested arguments inside a branch other than `#` and `{name}`.
 */
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /\s*(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

const rules = new Map<string, Intl.PluralRules>();
const numbers = new Map<string, Intl.NumberFormat>();
function cached<V>(m: Map<string, V>, locale: string, make: () => V): V {
  let v = m.get(locale);
  if (!v) m.set(locale, (v = make()));
  return v;
}

export function interpolate(text: string, vars: Readonly<Record<string, string | number>> | undefined, locale: string): string {
  if (!vars) return text;
  let out = text;
  if (out.includes(', plural,')) {
    out = out.replace(PLURAL, (whole, name: string, body: string) => {
      const n = Number(vars[name]);
      if (!(name in vars) || !Number.isFinite(n)) return whole;
      const branches = new Map<string, string>();
      for (const [, sel, words] of body.matchAll(BRANCH)) branches.set(sel!, words!);
      const chosen = branches.get(`=${n}`) ?? branches.get(cached(rules, locale, () => new Intl.PluralRules(locale)).select(n)) ?? branches.get('other') ?? '';
      return chosen.replace(/#/g, cached(numbers, locale, () => new Intl.NumberFormat(locale)).format(n));
    });
  }
  return out.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
