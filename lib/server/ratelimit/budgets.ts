import 'server-only';

/**
 * Every rate limit, in one table (docs/limits.md, decision 110). A budget is `points` requests per
 * `duration` seconds per key; the key is what `per` names. `message` is the i18n key the person
 * sees when it is used up. Operators may override points/duration per kind with RATE_LIMITS
 * (e.g. `RATE_LIMITS=signin=300/60,reveal=100/3600`), never the kinds themselves.
 */
export const BUDGETS = {
  // Per client IP: every sign-in start (the sign-in page's actions) and every return from the
  // campus provider (OIDC callback, CAS ticket) costs one point, so a person signing in spends
  // two. Generous because a dormitory or campus NAT puts hundreds of students behind one address.
  signin: { points: 120, duration: 60, per: 'ip', message: 'ratelimit.signin' },
  // Per reviewer: full ID numbers are personal data; a reviewer comparing documents needs a few
  // dozen an hour, a scraper needs thousands. Hitting it is audited (id_number.reveal_limited).
  reveal: { points: 60, duration: 3600, per: 'reviewer', message: 'ratelimit.reveal' },
  // Per student: signed upload targets (each one a pending document and an object slot). A
  // submission needs two or three photos plus retries; abandoned ones expire (documents.expire_uploads).
  upload: { points: 30, duration: 3600, per: 'student', message: 'ratelimit.upload' },
  // Per signed-in person (per IP when signed out): the semester confirmation API.
  confirm: { points: 20, duration: 60, per: 'user', message: 'ratelimit.confirm' },
  // Per office API client: /api/v1 (sync pages of up to 500 students; a full sync of a campus is
  // well under a minute's budget).
  api_client: { points: 600, duration: 60, per: 'api client', message: 'ratelimit.api' },
} as const satisfies Record<string, { points: number; duration: number; per: string; message: string }>;

export type LimitKind = keyof typeof BUDGETS;
export const LIMIT_KINDS = Object.keys(BUDGETS) as LimitKind[];

export function isLimitKind(kind: string): kind is LimitKind {
  return Object.prototype.hasOwnProperty.call(BUDGETS, kind);
}

export interface Budget {
  points: number;
  duration: number;
}

/**
 * `kind=points/seconds[,kind=points/seconds…]` → overrides, or the list of problems. Used by
 * lib/server/env.ts, which reports them with every other configuration problem at start.
 */
export function parseBudgetOverrides(raw: string): { overrides: Partial<Record<LimitKind, Budget>>; problems: string[] } {
  const overrides: Partial<Record<LimitKind, Budget>> = {};
  const problems: string[] = [];
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z_]+)=(\d{1,7})\/(\d{1,7})$/.exec(part);
    if (!m) {
      problems.push(`"${part}" must be kind=points/seconds, e.g. signin=120/60`);
      continue;
    }
    const [, kind, points, seconds] = m;
    if (!isLimitKind(kind!)) {
      problems.push(`"${kind}" is not a rate limit kind (${LIMIT_KINDS.join(', ')})`);
      continue;
    }
    if (Number(points) < 1 || Number(seconds) < 1) {
      problems.push(`"${part}": points and seconds must be at least 1`);
      continue;
    }
    overrides[kind] = { points: Number(points), duration: Number(seconds) };
  }
  return { overrides, problems };
}
