import 'server-only';
import { getEnv } from '../env';
import { isUniqueViolation } from '../errors';
import { CasError, firstAttr, validateServiceTicket, type CasValidation } from './cas';
import { provisionUser, type CampusIdentity } from './provision';

/** The service URL registered at the CAS server: the callback, with no query, so it matches exactly. */
export function casServiceUrl(): string {
  return `${getEnv().appUrl}/api/auth/cas/callback`;
}

/** Maps a validated ticket to the identity provisioning expects. Attribute names come only from the environment. */
export function casIdentity(v: CasValidation): CampusIdentity {
  const cas = getEnv().cas!;
  return {
    issuer: cas.url,
    subject: v.user,
    name: firstAttr(v, cas.attrs.name),
    email: firstAttr(v, cas.attrs.email),
    // Multi-valued (student;member): the first value that names a role we know, else the first.
    affiliation: v.attributes[cas.attrs.affiliation]?.find((a) => /^(student|staff|faculty|employee)$/i.test(a)) ?? firstAttr(v, cas.attrs.affiliation),
    studentNumber: firstAttr(v, cas.attrs.studentNumber),
  };
}

export type CasSignInFailure = 'CasTicket' | 'CasUnavailable' | 'AccountDisabled';

export class CasSignInError extends Error {
  constructor(
    readonly reason: CasSignInFailure,
    cause?: unknown,
  ) {
    super(reason, { cause });
    this.name = 'CasSignInError';
  }
}

/**
 * The authorize step of the `cas` provider: validates the ticket with the CAS server (which uses
 * a ticket once and only for its own service), then provisions exactly as OIDC sign-in does and
 * opens a server-side session named by the ticket, for single logout.
 */
export async function signInWithTicket(
  ticket: string,
  meta: { ip?: string | null; userAgent?: string | null },
): Promise<{ userId: string; name: string | null; sid: string }> {
  const cas = getEnv().cas;
  if (!cas) throw new CasSignInError('CasTicket');
  let v: CasValidation;
  try {
    v = await validateServiceTicket(cas, ticket, casServiceUrl());
  } catch (e) {
    if (e instanceof CasError && (e.code === 'UNREACHABLE' || e.code === 'INTERNAL_ERROR')) throw new CasSignInError('CasUnavailable', e);
    throw new CasSignInError('CasTicket', e);
  }
  const id = casIdentity(v);
  let result;
  try {
    result = await provisionUser(id, meta, { provider: 'cas', sessionIndex: ticket });
  } catch (e) {
    // A ticket already turned into a session (a replay the CAS server did not catch).
    if (isUniqueViolation(e)) throw new CasSignInError('CasTicket', e);
    throw e;
  }
  if (result.disabled || !result.sessionId) throw new CasSignInError('AccountDisabled');
  return { userId: result.userId, name: id.name, sid: result.sessionId };
}
