import { setLocaleAction } from '@/app/_actions/session';
import type { Locale } from '@/lib/i18n';

/** A plain form: switching language works without client JavaScript. */
export function LocaleSwitch({ locale, label, className = '' }: { locale: Locale; label: string; className?: string }) {
  const next: Locale = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <form action={setLocaleAction} className={className}>
      <input type="hidden" name="locale" value={next} />
      <button type="submit" lang={next} className="tap rounded-lg px-3 text-sm text-slate-600 hover:bg-slate-100" data-testid="locale-switch">
        {label}
      </button>
    </form>
  );
}
