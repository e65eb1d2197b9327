import 'server-only';
import { RETRY_AFTER_SECONDS, UNAVAILABLE_DIGEST } from '@/lib/domain/unavailable';

/**
 * One error type for everything a verb refuses. `message` is for logs; `userMessage` is an i18n
 * key shown to the person. Routes and actions map `code` to an HTTP status in one place.
 */
export type AppErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'invalid_input'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media'
  | 'expired'
  | 'tampered'
  | 'unavailable'
  | 'rate_limited'
  | 'internal';

const STATUS: Record<AppErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_input: 400,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  expired: 410,
  tampered: 400,
  unavailable: 503,
  rate_limited: 429,
  internal: 500,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessage: string;
  readonly fieldErrors?: Record<string, string>;
  /** rate_limited (and unavailable): seconds until a retry can succeed, for the Retry-After header. */
  readonly retryAfterSeconds?: number;

  constructor(
    code: AppErrorCode,
    opts: { message?: string; userMessage?: string; fieldErrors?: Record<string, string>; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(opts.message ?? code, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = opts.userMessage ?? `errors.${code}`;
    this.fieldErrors = opts.fieldErrors;
    if (opts.retryAfterSeconds !== undefined) this.retryAfterSeconds = opts.retryAfterSeconds;
    // Next.js keeps an existing digest when it hides a server error from the browser: the error
    // boundaries show the branded "temporarily unavailable" page for this one (decision 122).
    if (code === 'unavailable') this.digest = UNAVAILABLE_DIGEST;
  }

  readonly digest?: string;

  get status(): number {
    return STATUS[this.code];
  }
}

// Seconds a client should wait before retrying an `unavailable` answer (HTTP Retry-After). The
// pool reconnects on the next request once PostgreSQL accepts connections (decision 121), so a
// short wait is enough; clients keep their idempotency key for the retry.
export { RETRY_AFTER_SECONDS };

/** Headers to add to an error response: Retry-After for 503 (and 429 where a limiter sets it). */
export function retryHeaders(err: AppError): Record<string, string> {
  return err.code === 'unavailable' ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : {};
}

/** Postgres refused for lack of privilege or an RLS check: the person may not do this. */
export function isPermissionError(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === '42501';
}

export function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === '23505';
}

/** The database is restarting or unreachable: the request can be retried (503 + Retry-After). */
const CONNECTION_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

export function isConnectionError(e: unknown): boolean {
  return CONNECTION_CODES.has(String((e as { code?: unknown } | null)?.code ?? ''));
}

/** A zod failure that reached the generic path: bad input, never `internal`. */
function isZodError(e: unknown): e is { issues: { path: PropertyKey[]; message: string }[] } {
  return !!e && typeof e === 'object' && (e as { name?: string }).name === 'ZodError' && Array.isArray((e as { issues?: unknown }).issues);
}
/** The constraint a Postgres error names: postgres.js calls it constraint_name, PGlite constraint. */
export function constraintOf(e: unknown): string | undefined {
  const x = e as { constraint_name?: string; constraint?: string } | null;
  return x?.constraint_name ?? x?.constraint ?? undefined;
}

/**
 * Integrity rules the database enforces whatever path a write took (decision 020): each one a
 * conflict the person can understand, never `internal`.
 */
const CONSTRAINT_MESSAGES: Record<string, string> = {
  identity_records_verification_blocked: 'integrity.verificationBlocked',
  identity_records_verified_id_unique: 'integrity.duplicateVerified',
};

/** SQLSTATE classes 22 (data exception) and 23 (integrity) that mean "this input is not valid". */
const INPUT_CODES = new Set(['22001', '22003', '22007', '22008', '22021', '22023', '22P02', '22P05', '23502', '23514', '54000']);

export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (isZodError(e)) {
    return new AppError('invalid_input', {
      message: 'input failed validation',
      fieldErrors: Object.fromEntries(e.issues.map((i) => [String(i.path[0] ?? 'form'), 'errors.invalid_input'])),
      cause: e,
    });
  }
  if (e instanceof SyntaxError) return new AppError('invalid_input', { message: e.message, cause: e });
  if (isConnectionError(e)) return new AppError('unavailable', { message: String((e as Error).message), cause: e });
  if (isPermissionError(e)) return new AppError('forbidden', { message: String((e as Error).message), cause: e });
  const constraint = constraintOf(e);
  if (constraint && CONSTRAINT_MESSAGES[constraint]) {
    return new AppError('conflict', { message: String((e as Error).message), userMessage: CONSTRAINT_MESSAGES[constraint], cause: e });
  }
  // Data the database refused as malformed (a NUL byte, a bad uuid or date, too long, a check):
  // the input was wrong, whichever path let it through.
  if (INPUT_CODES.has(String((e as { code?: unknown } | null)?.code ?? ''))) {
    return new AppError('invalid_input', { message: String((e as Error).message), cause: e });
  }
  // A concurrent duplicate write lost the race: the first one stands; the caller retries or reloads.
  if (isUniqueViolation(e)) return new AppError('conflict', { message: String((e as Error).message), cause: e });
  return new AppError('internal', { message: e instanceof Error ? e.message : String(e), cause: e });
}
