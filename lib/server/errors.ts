import 'server-only';

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
  internal: 500,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessage: string;
  readonly fieldErrors?: Record<string, string>;

  constructor(code: AppErrorCode, opts: { message?: string; userMessage?: string; fieldErrors?: Record<string, string>; cause?: unknown } = {}) {
    super(opts.message ?? code, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = opts.userMessage ?? `errors.${code}`;
    this.fieldErrors = opts.fieldErrors;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** Postgres refused for lack of privilege or an RLS check: the person may not do this. */
export function isPermissionError(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === '42501';
}

export function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === '23505';
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

export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (isPermissionError(e)) return new AppError('forbidden', { message: String((e as Error).message), cause: e });
  const constraint = constraintOf(e);
  if (constraint && CONSTRAINT_MESSAGES[constraint]) {
    return new AppError('conflict', { message: String((e as Error).message), userMessage: CONSTRAINT_MESSAGES[constraint], cause: e });
  }
  // A concurrent duplicate write lost the race: the first one stands; the caller retries or reloads.
  if (isUniqueViolation(e)) return new AppError('conflict', { message: String((e as Error).message), cause: e });
  return new AppError('internal', { message: e instanceof Error ? e.message : String(e), cause: e });
}
