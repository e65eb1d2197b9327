import 'server-only';
import { DEFAULT_LOCALE, isLocale, translator, tKnown, type Locale } from '@/lib/i18n';
import type { AppError } from '../errors';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The 429 every route answers when a budget is used up: Retry-After, no caching, and the message
 * in the person's language — JSON for programs, a small page for a browser that navigated here
 * (the campus provider redirects the browser to the callback routes).
 */
export function rateLimitedResponse(err: AppError, opts: { locale: Locale; accept?: string | null; backHref?: string }): Response {
  const t = translator(opts.locale);
  const seconds = Math.max(1, Math.ceil(err.retryAfterSeconds ?? 60));
  const headers = { 'Retry-After': String(seconds), 'Cache-Control': 'no-store' };
  const message = tKnown(t, err.userMessage);
  if ((opts.accept ?? '').includes('text/html')) {
    const lang = opts.locale === 'zh-CN' ? 'zh-CN' : 'en';
    const back = opts.backHref ? `<p><a href="${escapeHtml(opts.backHref)}">${escapeHtml(t('ratelimit.back'))}</a></p>` : '';
    const html =
      `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
      `<title>${escapeHtml(t('ratelimit.title'))}</title></head><body style="font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1.25rem;line-height:1.6">` +
      `<h1 style="font-size:1.25rem">${escapeHtml(t('ratelimit.title'))}</h1><p role="alert">${escapeHtml(message)}</p>` +
      `<p>${escapeHtml(t('ratelimit.retryAfter', { seconds }))}</p>${back}</body></html>`;
    return new Response(html, { status: 429, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } });
  }
  return Response.json({ error: err.userMessage, message, retryAfterSeconds: seconds }, { status: 429, headers });
}

/** The person's language from the request's own cookie header (route handlers, no Next context needed). */
export function localeOf(req: Request): Locale {
  const m = /(?:^|;\s*)locale=([^;]*)/.exec(req.headers.get('cookie') ?? '');
  const v = m ? decodeURIComponent(m[1]!) : undefined;
  return isLocale(v) ? v : DEFAULT_LOCALE;
}
