import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEV_OIDC_CLIENT_ID, EnvError, parseEnv } from '../../lib/server/env';

const key = (fill: number, bytes = 32) => Buffer.alloc(bytes, fill).toString('base64');
const K1 = key(1);
const K2 = key(2);
const BLIND = key(9);
const AUTH_SECRET = 'a-session-secret-that-is-long-enough-0123456789';
const STORAGE_SECRET = 'a-storage-signing-secret-long-enough-0123456789';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'cidv-env-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const secretsFile = () => path.join(dataDir, 'dev-secrets.json');

/** A complete configuration for an external database: parses with no problems. */
const production = (): Record<string, string | undefined> => ({
  NODE_ENV: 'production',
  DATA_DIR: dataDir,
  DATABASE_URL: 'postgres://app:pw@db.internal:5432/campus',
  AUTH_URL: 'https://verify.example.edu.cn',
  AUTH_SECRET,
  AUTH_CAMPUS_ISSUER: 'https://sso.example.edu.cn/oidc',
  AUTH_CAMPUS_ID: 'campus-id-verify',
  AUTH_CAMPUS_SECRET: 'campus-client-secret',
  PII_ENCRYPTION_KEYS: `k1:${K1},k2:${K2}`,
  PII_BLIND_INDEX_KEY: BLIND,
  STORAGE_SIGNING_SECRET: STORAGE_SECRET,
});

/** parseEnv must throw EnvError; returns it for inspection. */
const envError = (source: Record<string, string | undefined>): EnvError => {
  let thrown: unknown;
  try {
    parseEnv(source);
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected parseEnv to throw EnvError').toBeInstanceOf(EnvError);
  const e = thrown as EnvError;
  expect(e.message.startsWith('Configuration error:\n')).toBe(true);
  // Every problem is in the message shown to the operator.
  for (const p of e.problems) expect(e.message).toContain(p);
  return e;
};

/** The problems about one variable (each problem starts with "NAME: "). */
const about = (e: EnvError, name: string) => e.problems.filter((p) => p.startsWith(`${name}: `));

const expectNamed = (e: EnvError, ...names: string[]) => {
  for (const name of names) {
    expect(about(e, name), `${name} in ${JSON.stringify(e.problems)}`).not.toHaveLength(0);
    expect(e.message).toContain(name);
  }
};

describe('embedded default (no DATABASE_URL)', () => {
  it('parses with only DATA_DIR set and generates dev secrets with mode 0600', () => {
    expect(existsSync(secretsFile())).toBe(false);
    const env = parseEnv({ DATA_DIR: dataDir });

    expect(env.embedded).toBe(true);
    expect(env.databaseUrl).toBeNull();
    expect(env.nodeEnv).toBe('development');
    expect(env.dataDir).toBe(path.resolve(dataDir));
    expect(env.appUrl).toBe('http://localhost:3000');

    expect(existsSync(secretsFile())).toBe(true);
    expect(statSync(secretsFile()).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(secretsFile(), 'utf8')) as Record<string, string>;
    expect(env.authSecret).toBe(stored.authSecret);
    expect(env.authSecret.length).toBeGreaterThanOrEqual(32);

    expect([...env.pii.keys.keys()]).toEqual(['dev1']);
    expect(env.pii.activeKeyId).toBe('dev1');
    expect(env.pii.keys.get('dev1')).toHaveLength(32);
    expect(env.pii.keys.get('dev1')!.toString('base64')).toBe(stored.piiKey);
    expect(env.pii.blindIndexKey).toHaveLength(32);
    expect(env.pii.blindIndexKey.equals(env.pii.keys.get('dev1')!)).toBe(false);

    expect(env.storage).toEqual({ kind: 'local', root: path.join(path.resolve(dataDir), 'storage'), signingSecret: stored.storageSecret });
  });

  it('reuses the same secrets on a second parse', () => {
    const first = parseEnv({ DATA_DIR: dataDir });
    const fileBefore = readFileSync(secretsFile(), 'utf8');
    const second = parseEnv({ DATA_DIR: dataDir });
    expect(readFileSync(secretsFile(), 'utf8')).toBe(fileBefore);
    expect(second.authSecret).toBe(first.authSecret);
    expect(second.pii.keys.get('dev1')!.equals(first.pii.keys.get('dev1')!)).toBe(true);
    expect(second.pii.blindIndexKey.equals(first.pii.blindIndexKey)).toBe(true);
    expect(second.storage.signingSecret).toBe(first.storage.signingSecret);
    expect(second.campus!.clientSecret).toBe(first.campus!.clientSecret);
  });

  it('generates different secrets for a different DATA_DIR', () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'cidv-env-'));
    try {
      expect(parseEnv({ DATA_DIR: other }).authSecret).not.toBe(parseEnv({ DATA_DIR: dataDir }).authSecret);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('uses the development OpenID provider', () => {
    const env = parseEnv({ DATA_DIR: dataDir });
    expect(env.campus!.isDevProvider).toBe(true);
    expect(env.campus!.issuer).toBe('http://localhost:3001');
    expect(env.campus!.clientId).toBe(DEV_OIDC_CLIENT_ID);
    expect(env.campus!.clientSecret).toBe((JSON.parse(readFileSync(secretsFile(), 'utf8')) as { devOidcClientSecret: string }).devOidcClientSecret);
    expect(env.devOidcPort).toBe(3001);
    expect(parseEnv({ DATA_DIR: dataDir, DEV_OIDC_PORT: '4100' }).campus!.issuer).toBe('http://localhost:4100');
  });

  it('treats empty strings as unset', () => {
    const env = parseEnv({
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      AUTH_SECRET: '',
      AUTH_CAMPUS_ISSUER: '',
      AUTH_CAMPUS_ID: '',
      PII_ENCRYPTION_KEYS: '',
      PII_ACTIVE_KEY_ID: '',
      PII_BLIND_INDEX_KEY: '',
      STORAGE_SIGNING_SECRET: '',
      SUPABASE_URL: '',
      DEV_OIDC_PORT: '',
      NODE_ENV: '',
    });
    expect(env.embedded).toBe(true);
    expect(env.campus!.isDevProvider).toBe(true);
    expect(env.devOidcPort).toBe(3001);
    expect(env.nodeEnv).toBe('development');
    expect(env.storage.kind).toBe('local');
  });

  it('keeps operator-provided keys over generated ones', () => {
    const env = parseEnv({ DATA_DIR: dataDir, PII_ENCRYPTION_KEYS: `k1:${K1}`, AUTH_SECRET });
    expect([...env.pii.keys.keys()]).toEqual(['k1']);
    expect(env.pii.activeKeyId).toBe('k1');
    expect(env.authSecret).toBe(AUTH_SECRET);
  });
});

describe('external database (DATABASE_URL set)', () => {
  it('with nothing else set, names every missing secret and the campus issuer', () => {
    const e = envError({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://app@db/campus' });
    expectNamed(e, 'AUTH_SECRET', 'PII_ENCRYPTION_KEYS', 'PII_BLIND_INDEX_KEY', 'STORAGE_SIGNING_SECRET', 'AUTH_CAMPUS_ISSUER');
    expect(e.problems).toHaveLength(5);
    // No development secrets are generated when an external database is configured.
    expect(existsSync(secretsFile())).toBe(false);
  });

  it('treats empty strings as unset here too', () => {
    const e = envError({ ...production(), AUTH_SECRET: '', STORAGE_SIGNING_SECRET: '' });
    expectNamed(e, 'AUTH_SECRET', 'STORAGE_SIGNING_SECRET');
    expect(e.problems).toHaveLength(2);
  });

  it('a fully configured environment parses', () => {
    const env = parseEnv(production());
    expect(env.nodeEnv).toBe('production');
    expect(env.embedded).toBe(false);
    expect(env.databaseUrl).toBe('postgres://app:pw@db.internal:5432/campus');
    expect(env.databasePoolMax).toBe(10);
    expect(env.appUrl).toBe('https://verify.example.edu.cn');
    expect(env.authSecret).toBe(AUTH_SECRET);
    expect(env.campus!).toMatchObject({
      issuer: 'https://sso.example.edu.cn/oidc',
      clientId: 'campus-id-verify',
      clientSecret: 'campus-client-secret',
      isDevProvider: false,
    });
    expect([...env.pii.keys.keys()]).toEqual(['k1', 'k2']);
    expect(env.pii.keys.get('k1')!.equals(Buffer.from(K1, 'base64'))).toBe(true);
    expect(env.pii.keys.get('k2')!.equals(Buffer.from(K2, 'base64'))).toBe(true);
    // The last listed key is active unless PII_ACTIVE_KEY_ID says otherwise.
    expect(env.pii.activeKeyId).toBe('k2');
    expect(env.pii.blindIndexKey.equals(Buffer.from(BLIND, 'base64'))).toBe(true);
    expect(env.storage).toEqual({ kind: 'local', root: path.join(path.resolve(dataDir), 'storage'), signingSecret: STORAGE_SECRET });
    expect(existsSync(secretsFile())).toBe(false);
  });

  it('honours PII_ACTIVE_KEY_ID and tolerates spaces in the key list', () => {
    const env = parseEnv({ ...production(), PII_ENCRYPTION_KEYS: ` k1:${K1} , k2:${K2} `, PII_ACTIVE_KEY_ID: 'k1' });
    expect(env.pii.activeKeyId).toBe('k1');
    expect([...env.pii.keys.keys()]).toEqual(['k1', 'k2']);
  });

  it('selects Supabase storage when SUPABASE_URL and its key are set', () => {
    const env = parseEnv({ ...production(), SUPABASE_URL: 'https://abc.supabase.co', SUPABASE_SERVICE_ROLE_KEY: 'service-role-key-0123456789' });
    expect(env.storage).toEqual({
      kind: 'supabase',
      url: 'https://abc.supabase.co',
      serviceRoleKey: 'service-role-key-0123456789',
      bucket: 'identity-documents',
      signingSecret: STORAGE_SECRET,
    });
  });

  it('reports a malformed variable together with the missing ones', () => {
    const e = envError({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://app@db/campus', PII_ENCRYPTION_KEYS: 'k1:tooshort' });
    expectNamed(e, 'PII_ENCRYPTION_KEYS', 'AUTH_SECRET', 'PII_BLIND_INDEX_KEY', 'STORAGE_SIGNING_SECRET', 'AUTH_CAMPUS_ISSUER');
    // The malformed variable is reported as malformed, not also as "required".
    expect(about(e, 'PII_ENCRYPTION_KEYS').some((p) => p.includes('required'))).toBe(false);
  });
});

describe('malformed values', () => {
  it('PII_ENCRYPTION_KEYS with a short key says 32 bytes', () => {
    for (const source of [
      { ...production(), PII_ENCRYPTION_KEYS: 'k1:short' },
      { DATA_DIR: dataDir, PII_ENCRYPTION_KEYS: 'k1:short' },
    ]) {
      const e = envError(source);
      expectNamed(e, 'PII_ENCRYPTION_KEYS');
      expect(about(e, 'PII_ENCRYPTION_KEYS').join('\n')).toContain('32 random bytes');
      expect(e.problems.every((p) => p.startsWith('PII_ENCRYPTION_KEYS: '))).toBe(true);
    }
  });

  it('PII_ENCRYPTION_KEYS with a key that is valid base64 but 16 bytes', () => {
    const e = envError({ ...production(), PII_ENCRYPTION_KEYS: `k1:${key(1, 16)}` });
    expect(about(e, 'PII_ENCRYPTION_KEYS').join('\n')).toContain('32 random bytes');
  });

  it('PII_ENCRYPTION_KEYS with a bad key id', () => {
    for (const bad of [`K1!:${K1}`, `:${K1}`, K1, `averyveryverylongid:${K1}`]) {
      const e = envError({ ...production(), PII_ENCRYPTION_KEYS: bad });
      expectNamed(e, 'PII_ENCRYPTION_KEYS');
      expect(about(e, 'PII_ENCRYPTION_KEYS').join('\n'), bad).toMatch(/key id .* must be 1-16 lower-case letters or digits/);
    }
    expect(about(envError({ ...production(), PII_ENCRYPTION_KEYS: `K1!:${K1}` }), 'PII_ENCRYPTION_KEYS').join('\n')).toContain('"K1!"');
  });

  it('PII_ACTIVE_KEY_ID that is not among the ids', () => {
    const e = envError({ ...production(), PII_ACTIVE_KEY_ID: 'k3' });
    expectNamed(e, 'PII_ACTIVE_KEY_ID');
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toContain('"k3"');
    expect(e.problems[0]).toContain('k1, k2');
    // On the embedded default too, where the generated key is dev1.
    expectNamed(envError({ DATA_DIR: dataDir, PII_ACTIVE_KEY_ID: 'k1' }), 'PII_ACTIVE_KEY_ID');
  });

  it('PII_BLIND_INDEX_KEY of the wrong length or not base64', () => {
    for (const bad of [key(9, 16), key(9, 48), 'not base64 at all!']) {
      const e = envError({ ...production(), PII_BLIND_INDEX_KEY: bad });
      expectNamed(e, 'PII_BLIND_INDEX_KEY');
      expect(e.problems).toHaveLength(1);
      expect(e.problems[0]).toContain('32 random bytes');
    }
  });

  it('DATABASE_URL that is not postgres', () => {
    const e = envError({ ...production(), DATABASE_URL: 'mysql://x' });
    expectNamed(e, 'DATABASE_URL');
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toContain('postgres://');
    // A malformed DATABASE_URL still means "external database": no fallback to dev secrets.
    const bare = envError({ DATA_DIR: dataDir, DATABASE_URL: 'mysql://x' });
    expectNamed(bare, 'DATABASE_URL', 'AUTH_SECRET', 'AUTH_CAMPUS_ISSUER');
    expect(existsSync(secretsFile())).toBe(false);
  });

  it('only AUTH_CAMPUS_ISSUER set names AUTH_CAMPUS_ID and AUTH_CAMPUS_SECRET', () => {
    const e = envError({ DATA_DIR: dataDir, AUTH_CAMPUS_ISSUER: 'https://sso.example.edu.cn' });
    expectNamed(e, 'AUTH_CAMPUS_ID', 'AUTH_CAMPUS_SECRET');
    expect(about(e, 'AUTH_CAMPUS_ISSUER')).toHaveLength(0);
    expect(e.problems).toHaveLength(2);
  });

  it('only AUTH_CAMPUS_ID and AUTH_CAMPUS_SECRET set names AUTH_CAMPUS_ISSUER', () => {
    const e = envError({ ...production(), AUTH_CAMPUS_ISSUER: undefined });
    expect(about(e, 'AUTH_CAMPUS_ISSUER')).toHaveLength(1);
    expect(e.problems).toHaveLength(1);
  });

  it('SUPABASE_URL without SUPABASE_SERVICE_ROLE_KEY, and the reverse', () => {
    const a = envError({ ...production(), SUPABASE_URL: 'https://abc.supabase.co' });
    expectNamed(a, 'SUPABASE_SERVICE_ROLE_KEY');
    expect(a.problems).toHaveLength(1);
    const b = envError({ ...production(), SUPABASE_SERVICE_ROLE_KEY: 'service-role-key-0123456789' });
    expectNamed(b, 'SUPABASE_URL');
    expect(b.problems).toHaveLength(1);
  });

  it('AUTH_CAMPUS_ISSUER that is not an http(s) URL', () => {
    for (const bad of ['not a url', 'ftp://sso.example.edu.cn']) {
      const e = envError({ ...production(), AUTH_CAMPUS_ISSUER: bad });
      expectNamed(e, 'AUTH_CAMPUS_ISSUER');
      // Reported once, as malformed, not again as "missing".
      expect(about(e, 'AUTH_CAMPUS_ISSUER'), bad).toHaveLength(1);
      expect(e.problems).toHaveLength(1);
    }
  });

  it('AUTH_SECRET and STORAGE_SIGNING_SECRET shorter than 32 characters', () => {
    const e = envError({ ...production(), AUTH_SECRET: 'short', STORAGE_SIGNING_SECRET: 'short' });
    expectNamed(e, 'AUTH_SECRET', 'STORAGE_SIGNING_SECRET');
    expect(e.problems).toHaveLength(2);
  });
});
