import 'server-only';
import { XMLParser } from 'fast-xml-parser';

/**
 * A small CAS 2.0/3.0 client: the login and logout URLs, server-side service-ticket validation
 * (`/p3/serviceValidate`, falling back to `/serviceValidate`), and parsing of the single-logout
 * `logoutRequest`. XML goes through fast-xml-parser with every value kept as a string, so a
 * student number with leading zeros survives. No CAS client library: the maintained ones are for
 * other stacks, and the protocol surface we need is these three calls (docs/decisions/090).
 */

export interface CasSettings {
  url: string;
  version: '3.0' | '2.0';
}

export interface CasValidation {
  user: string;
  /** Every attribute as a list: CAS repeats the element for a multi-valued attribute. */
  attributes: Record<string, string[]>;
}

export type CasFailureCode =
  'INVALID_REQUEST' | 'INVALID_TICKET_SPEC' | 'INVALID_TICKET' | 'INVALID_SERVICE' | 'UNAUTHORIZED_SERVICE' | 'INTERNAL_ERROR' | 'MALFORMED' | 'UNREACHABLE';

export class CasError extends Error {
  constructor(
    readonly code: CasFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'CasError';
  }
}

/** A service ticket (or proxy ticket) as the CAS protocol defines it: ST-/PT- prefix, bounded. */
export const TICKET_PATTERN = /^(ST|PT)-[A-Za-z0-9._-]{1,256}$/;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  removeNSPrefix: true,
  processEntities: true,
  isArray: (_name, jpath) => String(jpath).startsWith('serviceResponse.authenticationSuccess.attributes.'),
});

export function casLoginUrl(cas: CasSettings, service: string, opts: { renew?: boolean } = {}): string {
  const u = new URL(`${cas.url}/login`);
  u.searchParams.set('service', service);
  if (opts.renew) u.searchParams.set('renew', 'true');
  return u.toString();
}

export function casLogoutUrl(cas: CasSettings, service: string): string {
  const u = new URL(`${cas.url}/logout`);
  u.searchParams.set('service', service);
  return u.toString();
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object' && '#text' in v) return text((v as { '#text': unknown })['#text']);
  return null;
}

/** Parses a serviceValidate answer (CAS 2.0 or 3.0 XML). Exported for unit tests. */
export function parseServiceResponse(xml: string): CasValidation {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (e) {
    throw new CasError('MALFORMED', `unparseable CAS response: ${(e as Error).message}`);
  }
  const sr = doc.serviceResponse as Record<string, unknown> | undefined;
  if (!sr || typeof sr !== 'object') throw new CasError('MALFORMED', 'no cas:serviceResponse element');
  if (sr.authenticationFailure !== undefined) {
    const raw = String(xml.match(/authenticationFailure[^>]*code\s*=\s*"([A-Z_]+)"/)?.[1] ?? 'INVALID_TICKET');
    const known: CasFailureCode[] = ['INVALID_REQUEST', 'INVALID_TICKET_SPEC', 'INVALID_TICKET', 'INVALID_SERVICE', 'UNAUTHORIZED_SERVICE', 'INTERNAL_ERROR'];
    const code = (known as string[]).includes(raw) ? (raw as CasFailureCode) : 'INVALID_TICKET';
    throw new CasError(code, `CAS refused the ticket: ${raw} ${text(sr.authenticationFailure) ?? ''}`.trim());
  }
  const ok = sr.authenticationSuccess as Record<string, unknown> | undefined;
  const user = text(ok?.user);
  if (!ok || !user) throw new CasError('MALFORMED', 'no cas:user in cas:authenticationSuccess');
  const attributes: Record<string, string[]> = {};
  const attrs = ok.attributes;
  if (attrs && typeof attrs === 'object') {
    for (const [name, values] of Object.entries(attrs as Record<string, unknown>)) {
      const list = (Array.isArray(values) ? values : [values]).map(text).filter((v): v is string => v !== null && v !== '');
      if (list.length) attributes[name] = list;
    }
  }
  return { user, attributes };
}

async function fetchValidation(url: URL): Promise<Response> {
  try {
    return await fetch(url, { headers: { accept: 'application/xml, text/xml' }, signal: AbortSignal.timeout(10_000), redirect: 'error' });
  } catch (e) {
    throw new CasError('UNREACHABLE', `CAS server unreachable: ${(e as Error).message}`);
  }
}

/**
 * Validates a service ticket server side. CAS 3 first (`/p3/serviceValidate` releases
 * attributes); when the server has no such endpoint (404), the CAS 2 `/serviceValidate`.
 */
export async function validateServiceTicket(cas: CasSettings, ticket: string, service: string): Promise<CasValidation> {
  if (!TICKET_PATTERN.test(ticket)) throw new CasError('INVALID_TICKET_SPEC', 'not a service ticket');
  const paths = cas.version === '3.0' ? ['/p3/serviceValidate', '/serviceValidate'] : ['/serviceValidate'];
  for (const [i, p] of paths.entries()) {
    const url = new URL(`${cas.url}${p}`);
    url.searchParams.set('service', service);
    url.searchParams.set('ticket', ticket);
    const res = await fetchValidation(url);
    if (res.status === 404 && i < paths.length - 1) continue;
    if (!res.ok) throw new CasError('UNREACHABLE', `CAS ${p} answered HTTP ${res.status}`);
    return parseServiceResponse(await res.text());
  }
  throw new CasError('UNREACHABLE', 'no validation endpoint answered');
}

/** The SessionIndex (the service ticket) named by a SAML single-logout request, or null. */
export function parseLogoutRequest(xml: string): string | null {
  if (xml.length > 64 * 1024) return null;
  try {
    const doc = parser.parse(xml) as Record<string, unknown>;
    const req = doc.LogoutRequest as Record<string, unknown> | undefined;
    const idx = text(req?.SessionIndex);
    return idx && TICKET_PATTERN.test(idx) ? idx : null;
  } catch {
    // A body that is not XML names no session: the caller answers 400.
    return null;
  }
}

/** The first value of an attribute, as a string (never a number: leading zeros survive). */
export function firstAttr(v: CasValidation, name: string): string | null {
  return v.attributes[name]?.[0] ?? null;
}
