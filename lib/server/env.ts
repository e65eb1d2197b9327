import 'server-only';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseBudgetOverrides, type Budget, type LimitKind } from './ratelimit/budgets';

/**
 * The environment, parsed once. Nothing else in the app reads process.env: a missing or malformed
 * variable stops start-up with a message naming it, instead of failing later on a user's request.
 */

const base64Key = (name: string) =>
  z.string().refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, {
    message: `${name} must be 32 random bytes in base64 (openssl rand -base64 32)`,
  });

const keyList = z.string().transform((raw, ctx) => {
  const keys = new Map<string, Buffer>();
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = part.indexOf(':');
    const id = i > 0 ? part.slice(0, i) : '';
    const material = i > 0 ? part.slice(i + 1) : '';
    if (!/^[a-z0-9]{1,16}$/.test(id)) {
      ctx.addIssue({ code: 'custom', message: `key id "${id || part.slice(0, 8)}" must be 1-16 lower-case letters or digits, written as id:base64key` });
      continue;
    }
    const bytes = Buffer.from(material, 'base64');
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(material) || bytes.length !== 32) {
      ctx.addIssue({ code: 'custom', message: `key "${id}" must be 32 random bytes in base64 (openssl rand -base64 32)` });
      continue;
    }
    keys.set(id, bytes);
  }
  if (keys.size === 0) ctx.addIssue({ code: 'custom', message: 'at least one key is needed, as id:base64key[,id2:base64key2]' });
  return keys;
});

const optionalUrl = z.url({ protocol: /^https?$/ }).optional();

const Raw = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  // transaction: PgBouncer in transaction mode / Supabase's pooler (no prepared statements);
  // session or direct: prepared statements on. Unset: port 6543 (Supabase's pooler) means transaction.
  DATABASE_POOLER: z.enum(['transaction', 'session', 'direct']).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  AUTH_URL: optionalUrl,
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)').optional(),
  AUTH_SESSION_MAX_AGE: z.coerce
    .number()
    .int()
    .min(300)
    .max(7 * 24 * 3600)
    .default(8 * 3600),
  AUTH_CAMPUS_ISSUER: optionalUrl,
  AUTH_CAMPUS_ID: z.string().min(1).optional(),
  AUTH_CAMPUS_SECRET: z.string().min(1).optional(),
  AUTH_CAMPUS_NAME: z.string().min(1).default('校园统一身份认证'),
  AUTH_CAMPUS_SCOPE: z.string().min(1).default('openid profile email'),
  AUTH_CAMPUS_CLAIM_STUDENT_NUMBER: z.string().min(1).default('student_number'),
  AUTH_CAMPUS_CLAIM_AFFILIATION: z.string().min(1).default('affiliation'),
  AUTH_CAMPUS_CLAIM_NAME: z.string().min(1).default('name'),
  AUTH_CAS_URL: optionalUrl,
  AUTH_CAS_NAME: z.string().min(1).default('统一身份认证'),
  AUTH_CAS_VERSION: z.enum(['3.0', '2.0']).default('3.0'),
  AUTH_CAS_ATTR_STUDENT_NUMBER: z.string().min(1).default('uid'),
  AUTH_CAS_ATTR_NAME: z.string().min(1).default('cn'),
  AUTH_CAS_ATTR_AFFILIATION: z.string().min(1).default('eduPersonAffiliation'),
  AUTH_CAS_ATTR_EMAIL: z.string().min(1).default('mail'),
  DEV_OIDC_PORT: z.coerce.number().int().min(1024).max(65535).default(3001),
  PII_ENCRYPTION_KEYS: keyList.optional(),
  PII_ACTIVE_KEY_ID: z.string().optional(),
  PII_BLIND_INDEX_KEY: base64Key('PII_BLIND_INDEX_KEY').optional(),
  STORAGE_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SUPABASE_URL: optionalUrl,
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(20).optional(),
  IDENTITY_MAX_RETURNS: z.coerce.number().int().min(1).max(50).default(5),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be smtp:// or smtps:// (e.g. smtps://user:pass@mail.example.edu.cn:465)')
    .optional(),
  SMTP_FROM: z.string().min(3).default('校园身份核验 <no-reply@localhost>'),
  REVIEW_TARGET_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  REVIEW_CLAIM_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SMS_GATEWAY_URL: optionalUrl,
  SMS_GATEWAY_TOKEN: z.string().min(8).optional(),
  WECOM_GATEWAY_URL: optionalUrl,
  WECOM_GATEWAY_TOKEN: z.string().min(8).optional(),
  // "22-8": no scheduled or counsellor reminder leaves between 22:00 and 08:00 Beijing time.
  REMINDER_QUIET_HOURS: z
    .string()
    .regex(/^([01]?\d|2[0-3])-([01]?\d|2[0-3])$/, 'must be start-end hours, e.g. 22-8')
    .default('22-8'),
  SUPABASE_STORAGE_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/)
    .default('identity-documents'),
  RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(5),
  JOBS_WORKER: z.enum(['inline', 'separate', 'off']).default('inline'),
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  JOBS_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  JOBS_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
    .optional(),
  WEBHOOK_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().min(0.05).max(3600).default(5),
  WEBHOOK_RETRY_MAX_SECONDS: z.coerce
    .number()
    .min(1)
    .max(7 * 24 * 3600)
    .default(6 * 3600),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEBHOOK_SECRET_OVERLAP_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  WEBHOOK_SWEEP_SECONDS: z.coerce.number().min(0.2).max(3600).default(30),
  RATE_LIMITS: z.string().max(2000).optional(),
  // How many reverse proxies in front of the app append to X-Forwarded-For: the client address
  // for per-IP limits is that many entries from the right (the left end is whatever the client sent).
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(1),
  // Only the benchmarks set this: /api/bench/bare answers (else 404), the baseline of bench:confirm.
  BENCH_BARE: z.enum(['0', '1']).default('0'),
  // Behind a reverse proxy that sets X-Forwarded-Host/-Proto/-For (and strips what clients send).
  AUTH_TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
  // GET /api/health with `Authorization: Bearer <token>` shows details (database kind, latency).
  HEALTH_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

export interface Env {
  nodeEnv: 'development' | 'production' | 'test';
  /** PGlite under dataDir when true; DATABASE_URL otherwise. */
  embedded: boolean;
  databaseUrl: string | null;
  databasePoolMax: number;
  /** How DATABASE_URL is reached; null: detect (port 6543 is Supabase's transaction pooler). */
  databasePooler: 'transaction' | 'session' | 'direct' | null;
  dataDir: string;
  appUrl: string;
  authSecret: string;
  sessionMaxAge: number;
  /**
   * The OpenID Connect campus provider; null when only CAS is configured. On the embedded default
   * with nothing configured, the local development provider stands in.
   */
  campus: {
    issuer: string;
    clientId: string;
    clientSecret: string;
    name: string;
    scope: string;
    /** True when no campus issuer is configured and the local development provider stands in. */
    isDevProvider: boolean;
    claims: { studentNumber: string; affiliation: string; name: string };
  } | null;
  /** The CAS campus provider (统一身份认证), or null. `url` is the CAS base, e.g. https://cas.example.edu.cn/cas. */
  cas: {
    url: string;
    name: string;
    version: '3.0' | '2.0';
    attrs: { studentNumber: string; name: string; affiliation: string; email: string };
  } | null;
  devOidcPort: number;
  identity: { maxReturns: number };
  review: { targetWorkingDays: number; claimIdleMinutes: number };
  /** Years after graduating or leaving until personal data is redacted (decision 062). */
  retention: { years: number };
  /** null: e-mail is not configured; deliveries are recorded as skipped, the in-app notice still shows. */
  smtp: { url: string; from: string } | null;
  reminders: {
    sms: { url: string; token: string } | null;
    wecom: { url: string; token: string } | null;
    /** Beijing-time hours [start, end) during which reminders wait */
    quietHours: { start: number; end: number };
  };
  pii: { keys: Map<string, Buffer>; activeKeyId: string; blindIndexKey: Buffer };
  storage:
    { kind: 'local'; root: string; signingSecret: string } | { kind: 'supabase'; url: string; serviceRoleKey: string; bucket: string; signingSecret: string };
  /** The job queue: graphile-worker with a database URL, the in-process runner on PGlite (docs/jobs.md). */
  jobs: { worker: 'inline' | 'separate' | 'off'; concurrency: number; pollIntervalMs: number; databaseUrl: string | null };
  /** bench:confirm's bare route handler is switched on (never in a deployment). */
  benchBare: boolean;
  /** Standard Webhooks delivery (docs/webhooks.md). */
  webhooks: {
    maxFailures: number;
    maxAttempts: number;
    retryBaseSeconds: number;
    retryMaxSeconds: number;
    timeoutMs: number;
    secretOverlapHours: number;
    sweepSeconds: number;
  };
  /** Overrides of lib/server/ratelimit/budgets.ts, and how the client IP is read (docs/limits.md). */
  rateLimits: { overrides: Partial<Record<LimitKind, Budget>>; proxyHops: number };
  /** The HTTP adapter (lib/server/http, docs/security.md). */
  http: {
    /** scheme + host of AUTH_URL: the one origin state-changing requests may come from. */
    origin: string;
    /** https: HSTS and Secure cookies. */
    secure: boolean;
    /** Only then are X-Forwarded-Host/-Proto/-For believed. */
    trustProxy: boolean;
    healthToken: string | null;
  };
}

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration error:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee README.md, "Configuration".`);
    this.name = 'EnvError';
  }
}

interface DevSecrets {
  authSecret: string;
  piiKey: string;
  blindIndexKey: string;
  storageSecret: string;
  devOidcClientSecret: string;
}

/**
 * On the embedded default only, secrets the operator did not set are generated once into
 * DATA_DIR (git-ignored, mode 0600) so `npm run dev` works with nothing configured.
 */
function loadDevSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: DevSecrets = {
    authSecret: randomBytes(32).toString('base64'),
    piiKey: randomBytes(32).toString('base64'),
    blindIndexKey: randomBytes(32).toString('base64'),
    storageSecret: randomBytes(32).toString('base64'),
    devOidcClientSecret: randomBytes(24).toString('base64url'),
  };
  // Write to a private temp file and link it into place: when several processes start at once
  // (next build workers), exactly one wins and the others read a complete file.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  try {
    linkSync(tmp, file);
    return secrets;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  } finally {
    unlinkSync(tmp);
  }
}

export const DEV_OIDC_CLIENT_ID = 'campus-id-verify-dev';

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings in .env files mean "unset", not "set to nothing".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const problems: string[] = [];
  let parsed = Raw.safeParse(cleaned);
  // A malformed variable must not hide the others: report it, then check the rest as if it were
  // unset (without a second complaint about the same name), so one start-up lists every problem.
  const malformed = new Set<string>();
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      problems.push(`${i.path.join('.') || '(env)'}: ${i.message}`);
      malformed.add(String(i.path[0] ?? ''));
    }
    parsed = Raw.safeParse(Object.fromEntries(Object.entries(cleaned).filter(([k]) => !malformed.has(k))));
    if (!parsed.success) throw new EnvError(problems);
  }
  const schemaProblems = problems.length;
  const r = parsed.data;
  // A malformed DATABASE_URL still means an external database was meant: no dev fallbacks.
  const embedded = !r.DATABASE_URL && !malformed.has('DATABASE_URL');
  const dataDir = path.resolve(r.DATA_DIR);
  const dev = embedded ? loadDevSecrets(dataDir) : null;
  const need = (name: string, value: string | undefined, fallback: string | undefined): string => {
    if (value) return value;
    if (fallback) return fallback;
    problems.push(`${name}: required when DATABASE_URL is set (only the embedded default generates development values)`);
    return '';
  };

  const campusVars = [r.AUTH_CAMPUS_ISSUER, r.AUTH_CAMPUS_ID, r.AUTH_CAMPUS_SECRET];
  const campusSet = campusVars.filter(Boolean).length;
  if (campusSet > 0 && campusSet < 3) {
    for (const [name, v] of [
      ['AUTH_CAMPUS_ISSUER', r.AUTH_CAMPUS_ISSUER],
      ['AUTH_CAMPUS_ID', r.AUTH_CAMPUS_ID],
      ['AUTH_CAMPUS_SECRET', r.AUTH_CAMPUS_SECRET],
    ] as const) {
      if (!v) problems.push(`${name}: missing (the campus provider needs AUTH_CAMPUS_ISSUER, AUTH_CAMPUS_ID and AUTH_CAMPUS_SECRET together)`);
    }
  }
  const casSet = Boolean(r.AUTH_CAS_URL);
  // With CAS configured and no OIDC settings, CAS is the only provider (no development stand-in).
  const isDevProvider = campusSet === 0 && !casSet;
  if (isDevProvider && !embedded) {
    problems.push(
      'AUTH_CAMPUS_ISSUER: required when DATABASE_URL is set, or AUTH_CAS_URL for a CAS campus (the development provider is for the embedded default only)',
    );
  }

  const piiKeys = r.PII_ENCRYPTION_KEYS ?? (dev ? new Map([['dev1', Buffer.from(dev.piiKey, 'base64')]]) : undefined);
  if (!piiKeys) need('PII_ENCRYPTION_KEYS', undefined, undefined);
  let activeKeyId = r.PII_ACTIVE_KEY_ID ?? (piiKeys ? [...piiKeys.keys()].at(-1) : undefined) ?? '';
  if (piiKeys && !piiKeys.has(activeKeyId)) {
    problems.push(`PII_ACTIVE_KEY_ID: "${activeKeyId}" is not one of the ids in PII_ENCRYPTION_KEYS (${[...piiKeys.keys()].join(', ')})`);
    activeKeyId = '';
  }
  const blind = need('PII_BLIND_INDEX_KEY', r.PII_BLIND_INDEX_KEY, dev?.blindIndexKey);
  const authSecret = need('AUTH_SECRET', r.AUTH_SECRET, dev?.authSecret);
  const signingSecret = need('STORAGE_SIGNING_SECRET', r.STORAGE_SIGNING_SECRET, dev?.storageSecret);
  if (Boolean(r.SUPABASE_URL) !== Boolean(r.SUPABASE_SERVICE_ROLE_KEY)) {
    problems.push(
      r.SUPABASE_URL ? 'SUPABASE_SERVICE_ROLE_KEY: required when SUPABASE_URL is set' : 'SUPABASE_URL: required when SUPABASE_SERVICE_ROLE_KEY is set',
    );
  }
  const budgets = parseBudgetOverrides(r.RATE_LIMITS ?? '');
  for (const p of budgets.problems) problems.push(`RATE_LIMITS: ${p}`);
  if (problems.length) {
    throw new EnvError(problems.filter((p, i) => i < schemaProblems || !malformed.has(p.slice(0, p.indexOf(':')))));
  }

  const appUrl = (r.AUTH_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  return {
    nodeEnv: r.NODE_ENV,
    embedded,
    databaseUrl: r.DATABASE_URL ?? null,
    databasePoolMax: r.DATABASE_POOL_MAX,
    databasePooler: r.DATABASE_POOLER ?? null,
    dataDir,
    appUrl,
    authSecret,
    sessionMaxAge: r.AUTH_SESSION_MAX_AGE,
    campus:
      campusSet === 0 && casSet
        ? null
        : {
            // Kept exactly as configured: OIDC discovery compares the issuer string byte for byte.
            issuer: r.AUTH_CAMPUS_ISSUER ?? `http://localhost:${r.DEV_OIDC_PORT}`,
            clientId: r.AUTH_CAMPUS_ID ?? DEV_OIDC_CLIENT_ID,
            clientSecret: r.AUTH_CAMPUS_SECRET ?? dev!.devOidcClientSecret,
            name: r.AUTH_CAMPUS_NAME,
            scope: r.AUTH_CAMPUS_SCOPE,
            isDevProvider,
            claims: {
              studentNumber: r.AUTH_CAMPUS_CLAIM_STUDENT_NUMBER,
              affiliation: r.AUTH_CAMPUS_CLAIM_AFFILIATION,
              name: r.AUTH_CAMPUS_CLAIM_NAME,
            },
          },
    cas: r.AUTH_CAS_URL
      ? {
          url: r.AUTH_CAS_URL.replace(/\/$/, ''),
          name: r.AUTH_CAS_NAME,
          version: r.AUTH_CAS_VERSION,
          attrs: {
            studentNumber: r.AUTH_CAS_ATTR_STUDENT_NUMBER,
            name: r.AUTH_CAS_ATTR_NAME,
            affiliation: r.AUTH_CAS_ATTR_AFFILIATION,
            email: r.AUTH_CAS_ATTR_EMAIL,
          },
        }
      : null,
    devOidcPort: r.DEV_OIDC_PORT,
    identity: { maxReturns: r.IDENTITY_MAX_RETURNS },
    review: { targetWorkingDays: r.REVIEW_TARGET_WORKING_DAYS, claimIdleMinutes: r.REVIEW_CLAIM_IDLE_MINUTES },
    retention: { years: r.RETENTION_YEARS },
    smtp: r.SMTP_URL ? { url: r.SMTP_URL, from: r.SMTP_FROM } : null,
    reminders: {
      sms: r.SMS_GATEWAY_URL && r.SMS_GATEWAY_TOKEN ? { url: r.SMS_GATEWAY_URL, token: r.SMS_GATEWAY_TOKEN } : null,
      wecom: r.WECOM_GATEWAY_URL && r.WECOM_GATEWAY_TOKEN ? { url: r.WECOM_GATEWAY_URL, token: r.WECOM_GATEWAY_TOKEN } : null,
      quietHours: { start: Number(r.REMINDER_QUIET_HOURS.split('-')[0]), end: Number(r.REMINDER_QUIET_HOURS.split('-')[1]) },
    },
    pii: { keys: piiKeys!, activeKeyId, blindIndexKey: Buffer.from(blind, 'base64') },
    storage: r.SUPABASE_URL
      ? { kind: 'supabase', url: r.SUPABASE_URL, serviceRoleKey: r.SUPABASE_SERVICE_ROLE_KEY!, bucket: r.SUPABASE_STORAGE_BUCKET, signingSecret }
      : { kind: 'local', root: path.join(dataDir, 'storage'), signingSecret },
    jobs: {
      worker: r.JOBS_WORKER,
      concurrency: r.JOBS_CONCURRENCY,
      pollIntervalMs: r.JOBS_POLL_INTERVAL_MS,
      databaseUrl: r.JOBS_DATABASE_URL ?? r.DATABASE_URL ?? null,
    },
    benchBare: r.BENCH_BARE === '1',
    webhooks: {
      maxFailures: r.WEBHOOK_MAX_FAILURES,
      maxAttempts: r.WEBHOOK_MAX_ATTEMPTS,
      retryBaseSeconds: r.WEBHOOK_RETRY_BASE_SECONDS,
      retryMaxSeconds: r.WEBHOOK_RETRY_MAX_SECONDS,
      timeoutMs: r.WEBHOOK_TIMEOUT_MS,
      secretOverlapHours: r.WEBHOOK_SECRET_OVERLAP_HOURS,
      sweepSeconds: r.WEBHOOK_SWEEP_SECONDS,
    },
    rateLimits: { overrides: budgets.overrides, proxyHops: r.TRUSTED_PROXY_HOPS },
    http: {
      origin: new URL(appUrl).origin,
      secure: appUrl.startsWith('https://'),
      trustProxy: r.AUTH_TRUST_PROXY === 'true' || r.AUTH_TRUST_PROXY === '1',
      healthToken: r.HEALTH_TOKEN ?? null,
    },
  };
}

const onlyThese = (source: Record<string, string | undefined>, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(source).filter(([k, v]) => keys.includes(k) && v !== undefined && v !== ''));
const problemsOf = (e: z.ZodError) => new EnvError(e.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));

/**
 * For `npm run db:migrate`: only DATABASE_URL (or DATA_DIR for the embedded database). Migrating
 * needs no sign-in, encryption or storage secrets, and a deploy step should not be handed them.
 */
export function parseDatabaseEnv(source: Record<string, string | undefined>): { embedded: boolean; databaseUrl: string | null; dataDir: string } {
  const parsed = Raw.pick({ DATABASE_URL: true, DATA_DIR: true }).safeParse(onlyThese(source, ['DATABASE_URL', 'DATA_DIR']));
  if (!parsed.success) throw problemsOf(parsed.error);
  const r = parsed.data;
  return { embedded: !r.DATABASE_URL, databaseUrl: r.DATABASE_URL ?? null, dataDir: path.resolve(r.DATA_DIR) };
}

/** For `npm run storage:setup`: only the Supabase Storage settings. */
export function parseStorageEnv(source: Record<string, string | undefined>): { url: string; serviceRoleKey: string; bucket: string } {
  const keys = ['SUPABASE_URL', 'SUPABASE_SERVICE_ROLE_KEY', 'SUPABASE_STORAGE_BUCKET'];
  const parsed = Raw.pick({ SUPABASE_URL: true, SUPABASE_SERVICE_ROLE_KEY: true, SUPABASE_STORAGE_BUCKET: true }).safeParse(onlyThese(source, keys));
  if (!parsed.success) throw problemsOf(parsed.error);
  const r = parsed.data;
  const missing = [!r.SUPABASE_URL && 'SUPABASE_URL', !r.SUPABASE_SERVICE_ROLE_KEY && 'SUPABASE_SERVICE_ROLE_KEY'].filter(Boolean);
  if (missing.length) throw new EnvError(missing.map((m) => `${m}: required to set up Supabase Storage`));
  return { url: r.SUPABASE_URL!, serviceRoleKey: r.SUPABASE_SERVICE_ROLE_KEY!, bucket: r.SUPABASE_STORAGE_BUCKET };
}

let cached: Env | undefined;

/** The issuer string app_users rows carry for the default provider (OIDC issuer, else the CAS URL). */
export function defaultIssuer(env: Env = getEnv()): string {
  if (env.campus) return env.campus.issuer;
  if (env.cas) return env.cas.url;
  throw new EnvError(['AUTH_CAMPUS_ISSUER or AUTH_CAS_URL: no sign-in provider is configured']);
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
