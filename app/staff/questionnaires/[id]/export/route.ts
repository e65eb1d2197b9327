import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';
import { exportQuestionnaireCsv } from '@/lib/server/questionnaires/results';

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const csv = await exportQuestionnaireCsv({ access: await getAccess(), input: { id } });
    return new Response(csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="questionnaire-${id}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (e) {
    const err = toAppError(e);
    return new Response(err.code, {
      status: err.code === 'forbidden' ? 403 : err.code === 'unauthenticated' ? 401 : err.code === 'not_found' || err.code === 'invalid_input' ? 404 : 500,
    });
  }
}
