import 'server-only';

const TITLES: Record<string, string> = {
  unauthenticated: 'Missing, unknown, revoked or expired token',
  forbidden: 'Not allowed for this client',
  not_found: 'No such record for this office',
  invalid_input: 'Invalid request',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
};

/** RFC 9457 problem details; `type` points at the reference page's section for the code. */
export function problem(
  code: string,
  status: number,
  extra: { detail?: string; errors?: Record<string, string>; instance?: string; message?: string; headers?: Record<string, string> } = {},
): Response {
  const body = {
    type: `/api/v1/docs#problem-${code}`,
    title: TITLES[code] ?? code,
    status,
    ...(extra.detail ? { detail: extra.detail } : {}),
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
    // Extension member: the refusal in the caller's language (lib/server/http/respond.ts).
    ...(extra.message ? { message: extra.message } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/problem+json',
      'Cache-Control': 'no-store',
      ...(status === 401 ? { 'WWW-Authenticate': 'Bearer realm="api/v1"' } : {}),
      ...extra.headers,
    },
  });
}
