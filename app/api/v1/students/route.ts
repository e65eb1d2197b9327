import { apiV1Route } from '@/lib/server/api-v1/adapter';
import { syncStudents } from '@/lib/server/sharing/sync-students';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiV1Route<Record<string, never>>(({ ctx, url }) => syncStudents({ ctx, input: Object.fromEntries(url.searchParams) }));
