import { apiRoute } from '@/lib/server/http/route';
import { exportQuestionnaireCsv } from '@/lib/server/questionnaires/results';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ id: string }>({ what: 'questionnaire export', auth: 'session', errors: 'text' }, async ({ access, params: { id } }) => {
  const csv = await exportQuestionnaireCsv({ access, input: { id } });
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="questionnaire-${id}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
