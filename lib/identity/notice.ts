/**
 * The privacy notice shown before the first submission (PIPL arts. 14, 17: purpose, recipients,
 * retention, rights, stated before collection). Bump the version whenever its text changes; a
 * student acknowledges each version once.
 */
export const NOTICE_VERSION = '2026-11-29.1';
