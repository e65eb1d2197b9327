import { openApiDocument } from '@/lib/server/api-v1/openapi';
import { renderDocs } from '@/lib/server/api-v1/render-docs';

export const runtime = 'nodejs';

export function GET(): Response {
  return new Response(renderDocs(openApiDocument() as unknown as Record<string, unknown>), {
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'public, max-age=300' },
  });
}
