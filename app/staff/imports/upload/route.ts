import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';
import { saveImportUpload } from '@/lib/server/imports/uploads';

// The browser POSTs the file itself as the body (not multipart), so it streams to disk in chunks
// with the size counted on the way; kind and file name travel in the query string.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const NO_STORE = { 'Cache-Control': 'private, no-store' };

export async function POST(req: Request): Promise<Response> {
  // Route handlers, unlike server actions, get no CSRF check from Next.js: the session cookie
  // rides along on a cross-site POST, so the Origin must be this site.
  const origin = req.headers.get('origin');
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  if (!origin || !host || safeHost(origin) !== host) {
    return Response.json({ error: 'errors.forbidden' }, { status: 403, headers: NO_STORE });
  }
  const url = new URL(req.url);
  try {
    const declared = Number(req.headers.get('content-length'));
    const res = await saveImportUpload({
      access: await getAccess(),
      input: {
        kind: url.searchParams.get('kind') ?? '',
        fileName: url.searchParams.get('name') ?? '',
        contentLength: Number.isSafeInteger(declared) && declared > 0 ? declared : null,
        body: req.body,
      },
    });
    return Response.json({ uploadId: res.uploadId }, { headers: NO_STORE });
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'internal') console.error('import upload failed', e);
    return Response.json({ error: err.userMessage }, { status: err.status, headers: NO_STORE });
  }
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
