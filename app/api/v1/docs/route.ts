import { openApiDocument } from '@/lib/server/api-v1/openapi';
import { renderDocs } from '@/lib/server/api-v1/render-docs';
import { apiRoute } from '@/lib/server/http/route';

export const runtime = 'nodejs';

export const GET = apiRoute(
  { what: 'api docs', auth: 'none', errors: 'text' },
  async () =>
    new Response(renderDocs(openApiDocument() as unknown as Record<string, unknown>), {
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'public, max-age=300' },
    }),
);
