import { apiV1Route } from '@/lib/server/api-v1/adapter';
import { getSharedStudent } from '@/lib/server/sharing/get-student';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiV1Route<{ id: string }>(({ ctx, params }) => getSharedStudent({ ctx, input: { id: params.id } }));
