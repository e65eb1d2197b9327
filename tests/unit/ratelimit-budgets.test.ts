import { describe, expect, it } from 'vitest';
import { translator } from '../../lib/i18n';
import { EnvError, parseEnv } from '../../lib/server/env';
import { BUDGETS, parseBudgetOverrides } from '../../lib/server/ratelimit/budgets';

describe('RATE_LIMITS', () => {
  it('overrides points and seconds per kind', () => {
    expect(parseBudgetOverrides('signin=300/60, reveal=100/3600')).toEqual({
      overrides: { signin: { points: 300, duration: 60 }, reveal: { points: 100, duration: 3600 } },
      problems: [],
    });
    expect(parseBudgetOverrides('')).toEqual({ overrides: {}, problems: [] });
  });

  it('names every bad entry, and start-up refuses them with the other problems', () => {
    const { problems } = parseBudgetOverrides('signin=0/60,login=5/60,reveal=5');
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/at least 1/);
    expect(problems.join('\n')).toMatch(/"login" is not a rate limit kind/);
    expect(problems.join('\n')).toMatch(/must be kind=points\/seconds/);
    expect(() => parseEnv({ DATA_DIR: process.env.DATA_DIR, RATE_LIMITS: 'login=5/60' })).toThrow(EnvError);
  });

  it('has a message key and a positive budget for every kind', () => {
    for (const b of Object.values(BUDGETS)) {
      expect(b.points).toBeGreaterThan(0);
      expect(b.duration).toBeGreaterThan(0);
      expect(b.message).toMatch(/^ratelimit\./);
      // A missing key would show itself; both catalogs have a sentence for it.
      for (const locale of ['zh-CN', 'en'] as const) expect(translator(locale)(b.message)).not.toBe(b.message);
    }
  });

  it('reads TRUSTED_PROXY_HOPS, default 1', () => {
    expect(parseEnv({ DATA_DIR: process.env.DATA_DIR }).rateLimits.proxyHops).toBe(1);
    expect(parseEnv({ DATA_DIR: process.env.DATA_DIR, TRUSTED_PROXY_HOPS: '2' }).rateLimits.proxyHops).toBe(2);
  });
});
