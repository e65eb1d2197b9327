import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, toAppError } from '../../lib/server/errors';

describe('toAppError', () => {
  it('maps a ZodError to a 400 with field keys, never internal', () => {
    const r = z.object({ phone: z.string().min(5) }).safeParse({ phone: '1' });
    const e = toAppError(r.error);
    expect(e.code).toBe('invalid_input');
    expect(e.status).toBe(400);
    expect(e.fieldErrors).toEqual({ phone: 'errors.invalid_input' });
  });
  it('maps malformed JSON to a 400', () => {
    let err: unknown;
    try {
      JSON.parse('{"a":');
    } catch (e) {
      err = e;
    }
    expect(toAppError(err).status).toBe(400);
  });
  it('maps database restarts and refused connections to 503 unavailable', () => {
    for (const code of ['57P01', '57P03', 'ECONNREFUSED', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT']) {
      const e = toAppError(Object.assign(new Error('db down'), { code }));
      expect(e.code).toBe('unavailable');
      expect(e.status).toBe(503);
      expect(e.userMessage).toBe('errors.unavailable');
    }
  });
  it('keeps AppErrors and permission errors as they are', () => {
    const a = new AppError('conflict');
    expect(toAppError(a)).toBe(a);
    expect(toAppError(Object.assign(new Error('rls'), { code: '42501' })).code).toBe('forbidden');
    expect(toAppError(new Error('boom')).code).toBe('internal');
  });
});
