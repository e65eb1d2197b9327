import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { clientMessages } from '@/lib/i18n/client-messages';
import { ConfirmTask, type ConfirmSection } from '@/components/campaigns/confirm-task';
import { CorrectionDiff } from '@/components/campaigns/correction-diff';
import type { CorrectionField, Tier } from '@/components/campaigns/correction-form';
import { Flash } from '@/components/campaigns/flash';
import { RememberCorrectionForm } from '@/components/outbox/remember-form';
import { formatShanghai, remaining } from '@/lib/domain/dates';
import { displayValue } from '@/lib/domain/display';
import { getT } from '@/lib/i18n/server';
import { ETHNICITIES } from '@/lib/identity/ethnicity';
import { ID_DOCUMENT_TYPES, SEXES } from '@/lib/identity/id-number';
import { SECTION_FIELDS } from '@/lib/schemas/campaign';
import { getAccess } from '@/lib/server/auth/session';
import { listFieldPolicies } from '@/lib/server/campaigns/list-field-policies';
import { getMyTask } from '@/lib/server/campaigns/my-task';
import { listMyOutcomes } from '@/lib/server/corrections/my-outcomes';
import {
  confirmFormAction,
  createEvidenceUploadAction,
  dismissOutcomeAction,
  finalizeEvidenceUploadAction,
  openSectionAction,
  openSectionFormAction,
  requestCorrectionAction,
} from './actions';
import { keyIn } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('confirm.title') };
}

/** The semester confirmation (phone): check each section, then "all correct" or "something is wrong". */
export default async function ConfirmPage({ searchParams }: { searchParams: Promise<{ err?: string; open?: string }> }) {
  const access = await getAccess();
  if (!access?.student) redirect('/');
  const [{ t, locale }, task, policies, outcomes, sp] = await Promise.all([
    getT(),
    getMyTask({ access }),
    listFieldPolicies({ access }),
    listMyOutcomes({ access }),
    searchParams,
  ]);
  const now = new Date();
  const s = access.student;
  const policy = new Map(policies.map((p) => [p.field as string, p]));
  const contactOf = (field: string) => {
    const p = policy.get(field);
    return (locale === 'zh-CN' ? p?.contactZh : (p?.contactEn ?? p?.contactZh)) ?? null;
  };

  const outcomeCards = outcomes.map((o) => (
    <section
      key={o.notificationId}
      className={`space-y-2 rounded-2xl p-4 shadow-sm ${o.outcome === 'approve' ? 'bg-emerald-50' : 'bg-amber-50'}`}
      data-testid="correction-outcome"
      data-outcome={o.outcome}
    >
      <h2 className="text-base font-semibold">{t(o.outcome === 'approve' ? 'confirm.outcome.approved' : 'confirm.outcome.rejected')}</h2>
      <CorrectionDiff t={t} locale={locale} changes={o.changes} />
      {o.rejectCode && <p className="text-sm">{t('confirm.outcome.reason', { reason: t(keyIn('reasons', o.rejectCode)) })}</p>}
      {o.comment && <p className="text-sm text-slate-700">{t('confirm.outcome.comment', { comment: o.comment })}</p>}
      <p className="text-sm text-slate-600">{t(o.outcome === 'approve' ? 'confirm.outcome.approvedNext' : 'confirm.outcome.rejectedNext')}</p>
      <form action={dismissOutcomeAction}>
        <input type="hidden" name="notificationId" value={o.notificationId} />
        <button type="submit" className="tap rounded-lg border border-slate-300 bg-white px-4 text-sm">
          {t('confirm.outcome.dismiss')}
        </button>
      </form>
    </section>
  ));

  if (!task) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">{t('confirm.title')}</h1>
        {outcomeCards}
        <p className="rounded-2xl bg-white p-5 text-sm text-slate-600 shadow-sm" data-testid="no-task">
          {t('confirm.noTask')}
        </p>
        <RememberCorrectionForm snapshot={null} />
      </div>
    );
  }

  if (task.firstStep) {
    // Not verified yet: confirming is impossible, so say exactly what to do first.
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">{t('confirm.title')}</h1>
        {outcomeCards}
        <section className="space-y-3 rounded-2xl bg-white p-5 shadow-sm" data-testid="first-step" data-step={task.firstStep}>
          <h2 className="text-base font-semibold">{t('resilience.firstStep.title')}</h2>
          <p className="text-sm text-slate-700">{t(`resilience.firstStep.${task.firstStep}`)}</p>
          {task.firstStep !== 'await_review' && (
            <Link href="/identity" className="tap flex w-full items-center justify-center rounded-xl bg-brand-600 px-4 py-3 text-base font-medium text-white">
              {t('resilience.firstStep.action')}
            </Link>
          )}
        </section>
        <RememberCorrectionForm snapshot={null} />
      </div>
    );
  }

  const left = remaining(task.closesAt, now);
  const open = task.open && task.closesAt > now;
  const fields = task.verified?.fields ?? {};
  const sections: ConfirmSection[] = task.sections.map((id) => ({
    id,
    title: t(`confirm.sections.${id}`),
    rows: SECTION_FIELDS[id].map((f) => ({ field: f, label: t(`identity.fields.${f}.label`), value: displayValue(f, fields[f], t, locale) })),
  }));
  // The fields of this campaign's sections by their tier, then the roster fields, which never change online.
  const correctionFields: CorrectionField[] = [
    ...task.sections
      .flatMap((id) => SECTION_FIELDS[id])
      .map((f): CorrectionField => ({
        field: f,
        label: t(`identity.fields.${f}.label`),
        tier: (policy.get(f)?.tier ?? 'approval') as Tier,
        original: f === 'idNumber' ? '' : (fields[f] ?? ''),
        display: displayValue(f, fields[f], t, locale),
        contact: contactOf(f),
      })),
    {
      field: 'studentNumber',
      label: t('fields.names.studentNumber'),
      tier: 'locked',
      original: s.studentNumber,
      display: s.studentNumber,
      contact: contactOf('studentNumber'),
    },
    {
      field: 'department',
      label: t('fields.names.department'),
      tier: 'locked',
      original: s.department.code,
      display: locale === 'zh-CN' ? s.department.nameZh : s.department.nameEn,
      contact: contactOf('department'),
    },
    {
      field: 'cohort',
      label: t('fields.names.cohort'),
      tier: 'locked',
      original: String(s.cohort),
      display: t('home.cohortValue', { cohort: s.cohort }),
      contact: contactOf('cohort'),
    },
  ];
  const canCorrect = open && task.status !== 'overdue';
  const correction = {
    taskId: task.status === 'confirmed' ? null : task.taskId,
    fields: correctionFields,
    options: {
      sex: SEXES.map((v) => ({ value: v, label: t(`identity.fields.sex.${v}`) })),
      ethnicity: ETHNICITIES.map(([code, zh, en]) => ({ value: code, label: locale === 'zh-CN' ? zh : en })),
      idType: ID_DOCUMENT_TYPES.map((v) => ({ value: v, label: t(`identity.idTypes.${v}`) })),
    },
  };
  const statusTone =
    task.status === 'confirmed'
      ? 'bg-emerald-50 text-emerald-800'
      : task.status === 'overdue' || !open
        ? 'bg-red-50 text-red-800'
        : 'bg-amber-50 text-amber-900';

  return (
    <div className="space-y-4" data-testid="confirm-page" data-status={task.status}>
      <h1 className="text-xl font-semibold">{t('confirm.title')}</h1>
      {/* Kept on the phone for a start with no network: "something is wrong" on the offline page. */}
      <RememberCorrectionForm snapshot={task.verified && canCorrect ? { form: correction, locale } : null} />
      <Flash t={t} err={sp.err} />
      {outcomeCards}
      <section className="rounded-2xl bg-white p-5 shadow-sm" aria-labelledby="campaign">
        <div className="flex items-start justify-between gap-3">
          <div>
            <h2 id="campaign" className="text-base font-semibold" data-testid="task-campaign">
              {task.campaignName}
            </h2>
            <p className="text-sm text-slate-500">{task.semester}</p>
          </div>
          <span className={`shrink-0 rounded-full px-2.5 py-1 text-sm font-medium ${statusTone}`} data-testid="task-status">
            {task.status === 'pending' && !open ? t('confirm.status.closed') : t(`confirm.status.${task.status}`)}
          </span>
        </div>
        <p className="mt-3 text-sm">
          {t('confirm.deadline', { date: formatShanghai(task.closesAt, locale) })}
          {task.status !== 'confirmed' && (
            <span className={`ml-2 font-semibold ${left.key === 'days' && left.n > 3 ? 'text-slate-900' : 'text-red-700'}`} data-testid="remaining">
              {t(`confirm.remaining.${left.key}`, { n: left.n })}
            </span>
          )}
        </p>
      </section>

      {!task.verified ? (
        <section className="space-y-3 rounded-2xl bg-white p-5 shadow-sm" data-testid="not-verified">
          <p className="text-sm text-slate-700">{t('confirm.notVerified')}</p>
          <Link href="/identity" className="tap flex items-center justify-center rounded-xl bg-brand-600 px-4 text-base font-medium text-white">
            {t('confirm.goIdentity')}
          </Link>
        </section>
      ) : (
        <>
          {task.status === 'confirmed' && (
            <p className="rounded-2xl bg-emerald-50 p-5 text-base text-emerald-900 shadow-sm" data-testid="confirmed">
              {t('confirm.confirmedAt', { date: task.confirmedAt ? formatShanghai(task.confirmedAt, locale) : '' })}
            </p>
          )}
          {task.pendingCorrection && (
            <section className="space-y-2 rounded-2xl bg-white p-5 shadow-sm" data-testid="pending-correction">
              <h2 className="text-base font-semibold">{t('confirm.pending.title')}</h2>
              <p className="text-sm text-slate-600">{t('confirm.pending.body', { date: formatShanghai(task.pendingCorrection.createdAt, locale) })}</p>
              <CorrectionDiff t={t} locale={locale} changes={task.pendingCorrection.changes} />
            </section>
          )}
          {(task.status === 'overdue' || (!open && task.status !== 'confirmed')) && (
            <p className="rounded-2xl bg-red-50 p-5 text-sm text-red-900 shadow-sm" data-testid="closed">
              {t('confirm.closedBody')}
            </p>
          )}
          <ConfirmTask
            taskId={task.taskId}
            sections={sections}
            opened={task.openedSections}
            canConfirm={task.status === 'pending' && open}
            canCorrect={canCorrect}
            messages={clientMessages(t, [
              'confirm',
              'corrections',
              'photo',
              'errors',
              'identity.errors',
              'fields.names',
              'ratelimit.upload',
              'ratelimit.confirm',
              'outbox',
            ])}
            openSection={openSectionAction}
            forms={{ openSection: openSectionFormAction, confirm: confirmFormAction }}
            initialExpanded={sp.open && task.sections.includes(sp.open as never) ? sp.open : null}
            correction={{
              ...correction,
              request: requestCorrectionAction,
              evidence: { create: createEvidenceUploadAction, finalize: finalizeEvidenceUploadAction },
            }}
          />
        </>
      )}
    </div>
  );
}
