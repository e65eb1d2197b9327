import type { Locale } from '@/lib/i18n';
import { keyIn, type T } from '@/lib/i18n/keys';
import { displayValue } from '@/lib/domain/display';

/** Original and requested values side by side, one row per field. Client-safe (no server imports). */
export function CorrectionDiff({ t, locale, changes }: { t: T; locale: Locale; changes: Record<string, { from: string | null; to: string | null }> }) {
  return (
    <table className="w-full table-fixed text-left text-sm" data-testid="correction-diff">
      <thead className="text-xs text-slate-500">
        <tr>
          <th className="w-1/4 py-1 pr-2 font-medium">{t('corrections.field')}</th>
          <th className="py-1 pr-2 font-medium">{t('corrections.original')}</th>
          <th className="py-1 font-medium">{t('corrections.requested')}</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {Object.entries(changes).map(([field, c]) => (
          <tr key={field} data-field={field}>
            <th scope="row" className="py-2 pr-2 align-top text-xs font-medium text-slate-500">
              {t(keyIn('fields.names', field))}
            </th>
            <td className="py-2 pr-2 align-top break-all text-slate-500 line-through decoration-slate-300" data-testid={`from-${field}`}>
              {displayValue(field, c.from, t, locale)}
            </td>
            <td className="py-2 align-top break-all font-medium text-slate-900" data-testid={`to-${field}`}>
              {displayValue(field, c.to, t, locale)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
