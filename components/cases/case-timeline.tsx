import { dateFormat } from '@/lib/domain/dates';
import type { Locale, T } from '@/lib/i18n';
import type { CaseDetail, CaseEvent } from '@/lib/server/cases/get-case';
import { keyIn } from '@/lib/i18n';

function headline(t: T, e: CaseEvent, c: CaseDetail): string {
  const d = e.details;
  switch (e.kind) {
    case 'contact':
      return t('cases.events.contact', { channel: t(keyIn('cases.channel', String(d.channel))) });
    case 'status':
      return d.reason === 'documents_received'
        ? t('cases.events.documentsReceived')
        : t('cases.events.status', { from: t(keyIn('cases.status', String(d.from))), to: t(keyIn('cases.status', String(d.to))) });
    case 'assignment':
      return d.to ? t('cases.events.assignment', { to: e.targetName ?? '—' }) : t('cases.events.unassigned');
    case 'legal':
      return d.flag ? t('cases.events.legalOn') : t('cases.events.legalOff');
    case 'outcome': {
      const base = t('cases.events.outcome', { outcome: t(keyIn('cases.outcome', String(d.outcome))) });
      const survivor = [c.student, c.related].find((s) => s && s.id === d.survivor_student_id);
      return survivor ? `${base} · ${t('cases.events.survivor', { number: survivor.studentNumber })}` : base;
    }
    default:
      return t(`cases.events.${e.kind}`);
  }
}

/** The case file, oldest first: who did what, and which entries the student can see. */
export function CaseTimeline({ t, locale, c, evidence }: { t: T; locale: Locale; c: CaseDetail; evidence: Record<string, string | null> }) {
  const fmt = dateFormat(locale, 'dateTime');
  return (
    <section className="rounded-2xl bg-white p-4 shadow-sm" aria-labelledby="case-timeline">
      <h2 id="case-timeline" className="text-base font-semibold">
        {t('cases.timeline')}
      </h2>
      <ol className="mt-3 space-y-3 border-l-2 border-slate-200 pl-4" data-testid="case-timeline">
        {c.events.map((e) => (
          <li key={e.id} className="relative" data-kind={e.kind}>
            <span aria-hidden className="absolute -left-[1.4rem] top-1.5 h-2.5 w-2.5 rounded-full bg-slate-400" />
            <p className="text-sm font-medium">
              {headline(t, e, c)}
              {e.visibleToStudent && (
                <span className="ml-2 rounded bg-violet-50 px-1.5 text-xs font-normal text-violet-800">{t('cases.visibleToStudent')}</span>
              )}
            </p>
            <p className="text-xs text-slate-500">
              {fmt.format(e.createdAt)} · {e.actor ? (e.actor.isStudent ? t('cases.studentActor') : (e.actor.name ?? '—')) : t('cases.system')}
            </p>
            {e.body && <p className="mt-1 whitespace-pre-wrap text-sm text-slate-800">{e.body}</p>}
            {e.documentId && evidence[e.documentId] && (
              <a href={evidence[e.documentId]!} target="_blank" rel="noreferrer" className="mt-1 inline-block">
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img src={evidence[e.documentId]!} alt={t('cases.evidenceAlt')} className="h-24 rounded-lg bg-slate-100 object-contain" />
              </a>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
