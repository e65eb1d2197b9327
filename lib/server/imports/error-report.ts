import 'server-only';
import { z } from 'zod';
import { csvField } from '@/lib/domain/csv-safe';
import { isLocale, translator, tKnown, type Locale } from '@/lib/i18n';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';

const ZInput = z.object({ runId: z.uuid(), locale: z.string().refine(isLocale).default('zh-CN') });

/**
 * The full per-row error list of a run as CSV: row number, column, the problem in the reader's
 * language, and the code. UTF-8 with a BOM: without it Excel on Chinese Windows reads the file
 * as GBK and shows the Chinese as mojibake.
 */
export async function importErrorReport({
  access,
  input,
}: {
  access: Access | null;
  input: { runId: string; locale?: string };
}): Promise<{ fileName: string; csv: string }> {
  const me = requireRole(access, 'registrar');
  const parsed = ZInput.safeParse(input);
  if (!parsed.success) throw new AppError('not_found', { message: 'bad run id or locale' });
  const { runId } = parsed.data;
  const locale = parsed.data.locale as Locale;
  const t = translator(locale);
  return withRls(me.ctx, async (tx) => {
    const [run] = await tx.query<{ id: string; started_at: Date }>('select id, started_at from public.import_runs where id = $1', [runId]);
    if (!run) throw new AppError('not_found', { message: `import run ${runId}` });
    const errors = await tx.query<{ row_number: number; column_name: string | null; code: string }>(
      'select row_number, column_name, code from public.import_row_errors where run_id = $1 order by row_number, id',
      [runId],
    );
    await audit(tx, me.ctx, {
      action: 'import.error_report.download',
      entityType: 'import_run',
      entityId: runId,
      actorRole: 'registrar',
      details: { locale, rows: errors.length },
    });
    const lines = [[t('imports.report.row'), t('imports.report.column'), t('imports.report.problem'), t('imports.report.code')].map(csvField).join(',')];
    for (const e of errors) {
      lines.push([e.row_number, e.column_name ?? t('imports.report.wholeRow'), tKnown(t, e.code), e.code].map(csvField).join(','));
    }
    const day = new Date(run.started_at).toISOString().slice(0, 10).replace(/-/g, '');
    return { fileName: `import-errors-${day}-${runId.slice(0, 8)}.csv`, csv: `\uFEFF${lines.join('\r\n')}\r\n` };
  });
}
