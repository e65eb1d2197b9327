import { describe, expect, it } from 'vitest';
import { UNAVAILABLE_DIGEST } from '../../lib/domain/unavailable';
import { openPostgres, POOL_SETTINGS } from '../../lib/server/db/postgres';
import { AppError, retryHeaders, toAppError } from '../../lib/server/errors';
import { errorResponse } from '../../lib/server/http/respond';

const problemFromError = (e: unknown) => errorResponse(e, { format: 'problem', headers: new Headers(), what: 'test' });

// Nothing listens here (the private port range of this test run): every connect is refused.
const DEAD = 'postgres://postgres@127.0.0.1:4951/postgres';

describe('database outage', () => {
  it('a refused connection is AppError unavailable with the digest the error boundaries recognise', async () => {
    const db = openPostgres(DEAD, { max: 1 });
    try {
      const e = await db.query('select 1').then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ code: 'unavailable', status: 503, userMessage: 'errors.unavailable', digest: UNAVAILABLE_DIGEST });
      const t = await db
        .transaction(async () => 1)
        .then(
          () => null,
          (x: unknown) => x,
        );
      expect(toAppError(t)).toMatchObject({ code: 'unavailable', digest: UNAVAILABLE_DIGEST });
    } finally {
      await db.close();
    }
  });

  it('APIs answer 503 with Retry-After; other errors carry no digest and no Retry-After', async () => {
    const err = new AppError('unavailable');
    expect(retryHeaders(err)).toEqual({ 'Retry-After': '3' });
    const res = problemFromError(err);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(new AppError('conflict').digest).toBeUndefined();
    expect(retryHeaders(new AppError('conflict'))).toEqual({});
    expect(problemFromError(new AppError('conflict')).headers.get('retry-after')).toBeNull();
  });

  it('reconnect backoff stays at or under half a second however many attempts failed', () => {
    const delays = Array.from({ length: 30 }, (_, n) => POOL_SETTINGS.backoff(n));
    expect(Math.max(...delays)).toBeLessThanOrEqual(0.5);
    expect(delays[1]).toBeLessThan(0.1);
    expect(POOL_SETTINGS.idle_timeout).toBeGreaterThan(0);
    expect(POOL_SETTINGS.connect_timeout).toBeLessThanOrEqual(5);
  });
});
