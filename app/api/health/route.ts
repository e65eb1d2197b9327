import { apiRoute } from '@/lib/server/http/route';
import { healthCheck } from '@/lib/server/http/health';

export const dynamic = 'force-dynamic';

/** ok / not ok for anyone (load balancers, the e2e harness); details with HEALTH_TOKEN or for admins. */
export const GET = apiRoute({ what: 'health', auth: 'none' }, async ({ req }) => healthCheck(req));
