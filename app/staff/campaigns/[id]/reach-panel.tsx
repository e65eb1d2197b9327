import type { Access } from '@/lib/server/auth/access';
import { reminderReach } from '@/lib/server/campaigns/reminder-reach';
import type { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { keyIn } from '@/lib/i18n';

type T = Awaited<ReturnType<typeof getT>>['t'];

/** The campaign dashboard's "who was reached" panel (server component). */
export async function ReminderReachPanel({
  access,
  campaignId,
  t,
  setOffsets,
}: {
  access: Access;
  campaignId: string;
  t: T;
  setOffsets?: (f: FormData) => Promise<void>;
}) {
  const r = await reminderReach({ access, input: { campaignId } });
  return (
    <section className="rounded-2xl bg-white p-5 shadow-sm" aria-labelledby="reach-title" data-testid="reminder-reach">
      <h2 id="reach-title" className="font-semibold">
        {t('reminders.title')}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t('reminders.summary', { reached: r.reached, reminded: r.reminded })}</p>
      <table className="mt-2 text-sm">
        <thead>
          <tr>
            <th scope="col" className="pr-6 text-left">
              {t('reminders.channel')}
            </th>
            <th scope="col" className="text-right">
              {t('reminders.students')}
            </th>
          </tr>
        </thead>
        <tbody>
          {r.byChannel.map((c) => (
            <tr key={c.channel}>
              <td className="pr-6">{t(keyIn('counsellor.channels', c.channel))}</td>
              <td className="text-right">{c.students}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {setOffsets && hasRole(access, 'registrar') && (
        <form action={setOffsets} className="mt-3 flex flex-wrap items-end gap-2 text-sm">
          <input type="hidden" name="campaignId" value={campaignId} />
          <label className="grid gap-1">
            <span>{t('reminders.offsets')}</span>
            <input name="offsets" defaultValue={r.offsets.join(', ')} className="tap w-40 rounded-lg border border-slate-300 px-3" />
          </label>
          <button type="submit" className="tap rounded-lg border border-slate-300 px-3">
            {t('reminders.saveOffsets')}
          </button>
        </form>
      )}
      <h3 className="mt-3 text-sm font-medium">{t('reminders.unreachable', { n: r.unreachable.length })}</h3>
      {r.unreachable.length > 0 && (
        <ul className="mt-1 max-h-48 overflow-y-auto text-sm">
          {r.unreachable.map((s) => (
            <li key={s.student_number}>
              <span className="font-mono">{s.student_number}</span> {s.name}
              {s.class_name ? ` · ${s.class_name}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
