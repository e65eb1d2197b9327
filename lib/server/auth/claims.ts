import 'server-only';

export interface ClaimMap {
  studentNumber: string;
  affiliation: string;
  name: string;
}

export interface PickedClaims {
  sub: string;
  name: string | null;
  email: string | null;
  affiliation: string | null;
  studentNumber: string | null;
}

function str(v: unknown): string | null {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number') return String(v);
  // Some IdPs send affiliation as a multi-valued attribute (eduPersonAffiliation).
  if (Array.isArray(v)) return v.map(str).filter(Boolean).join(',') || null;
  return null;
}

export function pickClaims(claims: Record<string, unknown>, map: ClaimMap): PickedClaims {
  return {
    sub: String(claims.sub),
    name: str(claims[map.name]),
    email: str(claims.email),
    affiliation: str(claims[map.affiliation]),
    studentNumber: str(claims[map.studentNumber]),
  };
}

export function missingClaims(p: PickedClaims): boolean {
  if (p.name === null || p.affiliation === null) return true;
  return p.studentNumber === null && p.affiliation.includes('student');
}

const discovery = new Map<string, Promise<string | null>>();

async function userinfoEndpoint(issuer: string): Promise<string | null> {
  if (!discovery.has(issuer)) {
    discovery.set(
      issuer,
      fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`)
        .then((r) => (r.ok ? (r.json() as Promise<{ userinfo_endpoint?: string }>) : { userinfo_endpoint: undefined }))
        .then((d) => d.userinfo_endpoint ?? null)
        .catch((e: unknown) => {
          // Not cached: the next sign-in tries discovery again.
          discovery.delete(issuer);
          throw e;
        }),
    );
  }
  return discovery.get(issuer)!;
}

/**
 * The profile comes from the ID token; claims a provider keeps out of it (OIDC Core 5.4: with
 * scope-requested claims many providers answer only at userinfo) are fetched from userinfo. The
 * userinfo subject must equal the ID token's (OIDC Core 5.3.2), or the answer is ignored.
 */
export async function completeClaims(
  issuer: string,
  idTokenClaims: Record<string, unknown>,
  accessToken: string | undefined,
  map: ClaimMap,
): Promise<PickedClaims> {
  const picked = pickClaims(idTokenClaims, map);
  if (!missingClaims(picked) || !accessToken) return picked;
  const endpoint = await userinfoEndpoint(issuer);
  if (!endpoint) return picked;
  const res = await fetch(endpoint, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
  if (!res.ok) return picked;
  const info = (await res.json()) as Record<string, unknown>;
  if (String(info.sub) !== picked.sub) return picked;
  const fromInfo = pickClaims(info, map);
  return {
    sub: picked.sub,
    name: picked.name ?? fromInfo.name,
    email: picked.email ?? fromInfo.email,
    affiliation: picked.affiliation ?? fromInfo.affiliation,
    studentNumber: picked.studentNumber ?? fromInfo.studentNumber,
  };
}
