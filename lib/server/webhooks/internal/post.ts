import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedTarget } from './url-policy';

export interface PostResult {
  status: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * POSTs to the address that was checked, not to whatever the name resolves to a moment later (DNS
 * rebinding): the connection's lookup is pinned to `target.address`, while the Host header and TLS
 * name check keep the URL's host. Redirects are not followed (a 3xx is a failed attempt).
 */
export function post(target: ResolvedTarget, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostResult> {
  const started = Date.now();
  const pinned: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all)
      (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  };
  const mod = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (status: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      resolve({ status, error, durationMs: Date.now() - started });
    };
    const req = mod.request(
      target.url,
      {
        method: 'POST',
        lookup: pinned,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'CampusIDVerify-Webhooks/1',
          ...headers,
        },
        timeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        // Only the status counts; read (and drop) a little of the body so the socket is released.
        let seen = 0;
        res.on('data', (c: Buffer) => {
          seen += c.length;
          if (seen > 64 * 1024) res.destroy();
        });
        res.on('end', () => done(res.statusCode ?? null, null));
        res.on('close', () => done(res.statusCode ?? null, null));
        res.on('error', () => done(res.statusCode ?? null, null));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', (e) => done(null, e.message.slice(0, 300)));
    req.end(body);
  });
}
