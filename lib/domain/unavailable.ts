/**
 * The digest an `unavailable` AppError carries (decision 122). Next.js hides a server error's
 * message from the browser in production but keeps a digest the error already has, so the error
 * boundaries can tell "the database is restarting, retry" from any other failure.
 */
export const UNAVAILABLE_DIGEST = 'CIV_UNAVAILABLE';

/** Seconds before the page retries by itself; the same figure APIs send as Retry-After. */
export const RETRY_AFTER_SECONDS = 3;
