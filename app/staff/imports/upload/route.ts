import { apiRoute } from '@/lib/server/http/route';
import { MAX_IMPORT_BYTES } from '@/lib/server/imports/parse';
import { saveImportUpload } from '@/lib/server/imports/uploads';

// The browser POSTs the file itself as the body (not multipart), so it streams to disk in chunks
// with the size counted on the way; kind and file name travel in the query string. Route handlers,
// unlike server actions, get no CSRF check from Next.js, and the session cookie rides along on a
// cross-site POST: the Origin header must be present and ours.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = apiRoute(
  { what: 'import upload', auth: 'session', origin: 'strict', body: 'stream', bodyLimit: MAX_IMPORT_BYTES },
  async ({ access, url, req, body }) => {
    const declared = Number(req.headers.get('content-length'));
    const res = await saveImportUpload({
      access,
      input: {
        kind: url.searchParams.get('kind') ?? '',
        fileName: url.searchParams.get('name') ?? '',
        contentLength: Number.isSafeInteger(declared) && declared > 0 ? declared : null,
        body: body as ReadableStream<Uint8Array> | null,
      },
    });
    return { uploadId: res.uploadId };
  },
);
