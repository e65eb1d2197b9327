import { openApiDocument } from '@/lib/server/api-v1/openapi';

export const runtime = 'nodejs';

export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } });
}
