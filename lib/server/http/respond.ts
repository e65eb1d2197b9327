import 'server-only';
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, translator, tKnown, type Locale } from '@/lib/i18n';
import { problem } from '../api-v1/problem';
import { AppError, retryHeaders, toAppError } from '../errors';

/**
 * The one place where a refusal becomes an HTTP answer, for every route handler: the status from
 * the AppError code, a message in the caller's language, no stack trace, `internal` only for what
 * really is a bug (and then logged). Server actions get the same mapping from runAction.
 */
export type ErrorFormat = 'json' | 'text' | 'problem';

/** The locale cookie the site sets, else Accept-Language, else zh-CN. */
export function localeOf(h: Headers): Locale {
  const cookie = h.get('cookie') ?? '';
  const m = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]+)`).exec(cookie);
  const fromCookie = m?.[1] ? decodeURIComponent(m[1]) : null;
  if (isLocale(fromCookie)) return fromCookie;
  const accept = (h.get('accept-language') ?? '').toLowerCase();
  const first = accept.split(',')[0]?.trim() ?? '';
  if (first.startsWith('en')) return 'en';
  return DEFAULT_LOCALE;
}

/** A limiter's refusal: our limiter's `retryAfterSeconds` or rate-limiter-flexible's `msBeforeNext`. */
export function retryAfterOf(e: unknown): number | null {
  const x = e as { retryAfterSeconds?: unknown; msBeforeNext?: unknown; code?: unknown } | null;
  if (x && typeof x.retryAfterSeconds === 'number') return Math.max(1, Math.ceil(x.retryAfterSeconds));
  if (x && typeof x.msBeforeNext === 'number') return Math.max(1, Math.ceil(x.msBeforeNext / 1000));
  if (x && x.code === 'rate_limited') return 1;
  return null;
}

const NO_STORE = { 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' };

export function errorResponse(e: unknown, opts: { format: ErrorFormat; headers: Headers; what: string; instance?: string }): Response {
  const locale = localeOf(opts.headers);
  const t = translator(locale);
  const retry = retryAfterOf(e);
  if (retry !== null && !(e instanceof AppError)) {
    const message = t('http.rateLimited', { seconds: retry });
    const headers = { 'Retry-After': String(retry) };
    if (opts.format === 'problem') return problem('rate_limited', 429, { instance: opts.instance, message, headers });
    return send(opts.format, 429, { error: 'http.rateLimited', code: 'rate_limited', message }, locale, headers);
  }
  const err = toAppError(e);
  if (err.code === 'internal') console.error(`${opts.what} failed`, e);
  const message = tKnown(t, err.userMessage);
  // A used-up budget (lib/server/ratelimit's RateLimitError) says when to come back; so does an outage.
  const headers: Record<string, string> = err.code === 'rate_limited' ? { 'Retry-After': String(retry ?? 1) } : retryHeaders(err);
  if (opts.format === 'problem') {
    return problem(err.code, err.status, {
      instance: opts.instance,
      errors: err.fieldErrors,
      message,
      headers,
      detail:
        err.code === 'rate_limited'
          ? `Too many requests for this caller. Retry after ${retry ?? 1} seconds.`
          : err.code === 'internal'
            ? undefined
            : err.message !== err.code
              ? err.message
              : undefined,
    });
  }
  const fields = err.fieldErrors ? Object.fromEntries(Object.entries(err.fieldErrors).map(([k, v]) => [k, tKnown(t, v)])) : undefined;
  return send(opts.format, err.status, { error: err.userMessage, code: err.code, message, fieldErrors: err.fieldErrors, fields }, locale, headers);
}

function send(
  format: 'json' | 'text',
  status: number,
  body: { message: string } & Record<string, unknown>,
  locale: Locale,
  extra: Record<string, string>,
): Response {
  const headers = { ...NO_STORE, 'Content-Language': locale, ...extra };
  if (format === 'text') return new Response(body.message, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  return new Response(JSON.stringify(body), { status, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } });
}
