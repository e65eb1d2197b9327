import { openApiDocument } from '@/lib/server/api-v1/openapi';
import { apiRoute } from '@/lib/server/http/route';

export const runtime = 'nodejs';

export const GET = apiRoute({ what: 'openapi', auth: 'none', errors: 'problem' }, async () =>
  Response.json(openApiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } }),
);
