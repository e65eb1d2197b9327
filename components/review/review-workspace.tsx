'use client';
import { useRouter } from 'next/navigation';
import { Fragment, useState, useTransition } from 'react';
import { attemptKey, clearAttemptKey } from '@/lib/client/idempotency';
import { reasonFits } from '@/lib/identity/reason-codes';
import { clientT, type ClientMessages } from '@/lib/client/t';
import { PhotoViewer } from './photo-viewer';
import type { ActionResult, CompareRow, DecisionInput as Decision, Finding, PhotoItem, TargetDecision } from './types';

export interface WorkspaceProps {
  recordId: string;
  revision: number;
  /** null when the reviewer may decide; otherwise why not (translated) */
  blocked: string | null;
  /** set when the record may be returned or escalated but not verified (an unresolved duplicate/fraud check) */
  verifyBlocked?: string | null;
  rows: CompareRow[];
  photos: PhotoItem[];
  findings: Finding[];
  fieldReasons: { code: string; label: string }[];
  photoReasons: { code: string; label: string }[];
  messages: ClientMessages;
  backHref: string;
  decideAction: (input: Decision) => Promise<ActionResult<{ state: string }>>;
  revealAction: (recordId: string) => Promise<ActionResult<{ idNumber: string }>>;
}

const FLAG_CLASS = {
  error: 'bg-red-50 text-red-900 ring-1 ring-inset ring-red-300',
  warning: 'bg-amber-50 text-amber-900 ring-1 ring-inset ring-amber-300',
} as const;

/**
 * The tablet review screen's working area: the side-by-side table (submitted vs registrar vs
 * admissions, mismatches highlighted), the photos, an accept/return choice per field and per
 * photo, and the decision. All checks of permission, revision and claim happen in the verb.
 */
export function ReviewWorkspace(p: WorkspaceProps) {
  const t = clientT(p.messages);
  const router = useRouter();
  const [pending, start] = useTransition();
  const [marks, setMarks] = useState<Record<string, TargetDecision>>({});
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [escalating, setEscalating] = useState(false);
  const [caseKind, setCaseKind] = useState<'fraud_suspected' | 'anomaly'>('anomaly');
  const [escalateNote, setEscalateNote] = useState('');

  const targets = [...p.rows.filter((r) => r.reviewable).map((r) => `field:${r.field}`), ...p.photos.map((ph) => `document:${ph.kind}`)];
  const returned = Object.entries(marks).filter((e): e is [string, Extract<TargetDecision, { verdict: 'return' }>] => e[1].verdict === 'return');
  const undecided = targets.filter((x) => !marks[x]).length;
  const canVerify = !p.blocked && !p.verifyBlocked && undecided === 0 && returned.length === 0;
  const canReturn = !p.blocked && returned.length > 0 && returned.every(([, m]) => m.code);

  const mark = (target: string, m: TargetDecision | undefined) =>
    setMarks((prev) => {
      const next = { ...prev };
      if (m) next[target] = m;
      else delete next[target];
      return next;
    });

  const submit = (input: Decision) =>
    start(async () => {
      setError(null);
      // One key per decision on this revision, kept across retries (a lost answer returns the first).
      const scope = `review:${p.recordId}:${p.revision}`;
      const res = await p.decideAction({ ...input, idempotencyKey: attemptKey(scope) });
      if (res.ok || res.code !== 'unavailable') clearAttemptKey(scope);
      if (res.ok) {
        router.push(p.backHref);
        return;
      }
      if (res.error === 'review.errors.changedMeanwhile' || res.error === 'review.errors.claimedByOther') {
        // Never overwrite: show why, and load the latest version of the record.
        router.replace(`?notice=${encodeURIComponent(res.error)}`);
        router.refresh();
        return;
      }
      setError(t(res.error));
    });

  const reveal = () =>
    start(async () => {
      const res = await p.revealAction(p.recordId);
      if (res.ok) setRevealed(res.data.idNumber);
      else setError(t(res.error));
    });

  /** Accept / return for one field or photo: two 44 px buttons. */
  const verdictButtons = (target: string, label: string, wide = false) => {
    const m = marks[target];
    const seg = `tap ${wide ? 'flex-1 px-3' : 'w-12'} text-sm font-medium disabled:opacity-40`;
    return (
      <div
        className={`flex overflow-hidden rounded-lg border border-slate-300 ${wide ? '' : 'w-fit'}`}
        role="group"
        aria-label={label}
        data-testid={`verdict-${target}`}
      >
        <button
          type="button"
          aria-pressed={m?.verdict === 'accept'}
          disabled={!!p.blocked}
          title={t('review.screen.accept')}
          className={`${seg} ${m?.verdict === 'accept' ? 'bg-emerald-600 text-white' : 'bg-white text-slate-700'}`}
          onClick={() => mark(target, m?.verdict === 'accept' ? undefined : { verdict: 'accept' })}
        >
          {wide ? t('review.screen.accept') : '✓'}
        </button>
        <button
          type="button"
          aria-pressed={m?.verdict === 'return'}
          disabled={!!p.blocked}
          title={t('review.screen.return')}
          className={`${seg} border-l border-slate-300 ${m?.verdict === 'return' ? 'bg-red-600 text-white' : 'bg-white text-slate-700'}`}
          onClick={() => {
            mark(target, m?.verdict === 'return' ? undefined : { verdict: 'return', code: '', comment: '' });
            if (m?.verdict !== 'return') revealReturnDetails(target);
          }}
        >
          {wide ? t('review.screen.return') : '✗'}
        </button>
      </div>
    );
  };

  /** The reason and note of a returned item, shown only once it is marked "return". */
  const returnDetails = (target: string, reasons: { code: string; label: string }[]) => {
    const m = marks[target];
    if (m?.verdict !== 'return') return null;
    return (
      // scroll-mb: when it opens near the bottom it is scrolled clear of the sticky decision bar.
      <div className="flex scroll-mb-56 flex-wrap gap-2" data-testid={`return-${target}`}>
        <select
          aria-label={t('review.screen.reason')}
          value={m.code}
          onChange={(e) => mark(target, { ...m, code: e.target.value })}
          className={`tap min-w-0 flex-1 basis-40 rounded-lg border bg-white px-2 text-sm ${m.code ? 'border-slate-300' : 'border-red-400'}`}
        >
          <option value="">{t('review.screen.chooseReason')}</option>
          {reasons.map((r) => (
            <option key={r.code} value={r.code}>
              {r.label}
            </option>
          ))}
        </select>
        <input
          aria-label={t('review.screen.reasonComment')}
          placeholder={t('review.screen.reasonComment')}
          maxLength={500}
          value={m.comment}
          onChange={(e) => mark(target, { ...m, comment: e.target.value })}
          className="tap min-w-0 flex-1 basis-40 rounded-lg border border-slate-300 px-2 text-sm"
        />
      </div>
    );
  };

  const cell = (field: string, value: string | null, flag: CompareRow['registrarFlag'], testId: string) => (
    <td className="px-2 py-2 align-top break-words" data-testid={testId} data-flag={flag ?? undefined}>
      {value === null ? (
        <span className="text-slate-300">—</span>
      ) : (
        <span className={`inline-block max-w-full rounded px-1 ${flag ? FLAG_CLASS[flag] : ''}`}>{unbroken(field, value)}</span>
      )}
    </td>
  );
  const showAdmissions = p.rows.some((r) => r.admissions !== null);

  return (
    <div className="grid gap-3 lg:grid-cols-[minmax(0,1.45fr)_minmax(0,1fr)]">
      <section className="min-w-0 space-y-3 rounded-2xl bg-white p-3 shadow-sm" aria-label={t('review.screen.compareTitle')}>
        {p.findings.length > 0 && (
          <ul className="space-y-1 rounded-xl bg-slate-50 p-3 text-sm" data-testid="findings">
            {p.findings.map((f, i) => (
              <li key={i} className={f.severity === 'error' ? 'text-red-800' : 'text-amber-900'}>
                <span aria-hidden>{f.severity === 'error' ? '●' : '▲'}</span> {f.text}
              </li>
            ))}
          </ul>
        )}
        <table className="w-full table-fixed text-left text-sm" data-testid="compare-table">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="w-[4.5rem] px-2 py-1">{t('review.screen.field')}</th>
              <th className="px-2 py-1">{t('review.screen.submitted')}</th>
              <th className="px-2 py-1">{t('review.screen.registrar')}</th>
              {showAdmissions && <th className="px-2 py-1">{t('review.screen.admissions')}</th>}
              <th className="w-[6.5rem] py-1 pl-1">
                <span className="sr-only">{t('review.decision.title')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <Fragment key={r.field}>
                <tr data-field={r.field} className="border-t border-slate-100">
                  <th scope="row" className="px-2 py-2 align-top text-xs font-medium text-slate-500">
                    {r.label}
                  </th>
                  <td className="px-2 py-2 align-top break-words">
                    {r.field === 'idNumber' ? (
                      <span className="flex flex-wrap items-center gap-x-2">
                        <span className="whitespace-nowrap font-mono" data-testid="id-number">
                          {revealed ?? r.submitted}
                        </span>
                        {revealed ? (
                          <button type="button" className="tap text-xs text-brand-700 underline" onClick={() => setRevealed(null)}>
                            {t('review.screen.hide')}
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="tap text-xs text-brand-700 underline"
                            onClick={reveal}
                            disabled={pending}
                            data-testid="reveal"
                            title={t('review.screen.revealNote')}
                          >
                            {t('review.screen.reveal')}
                          </button>
                        )}
                      </span>
                    ) : (
                      <span className={r.registrarFlag || r.admissionsFlag ? 'font-medium' : ''}>{unbroken(r.field, r.submitted)}</span>
                    )}
                  </td>
                  {cell(r.field, r.registrar, r.registrarFlag, `registrar-${r.field}`)}
                  {showAdmissions && cell(r.field, r.admissions, r.admissionsFlag, `admissions-${r.field}`)}
                  <td className="py-1 pl-1 align-top">{r.reviewable && verdictButtons(`field:${r.field}`, r.label)}</td>
                </tr>
                {r.reviewable && marks[`field:${r.field}`]?.verdict === 'return' && (
                  <tr>
                    <td colSpan={showAdmissions ? 5 : 4} className="px-2 pb-2">
                      {returnDetails(
                        `field:${r.field}`,
                        p.fieldReasons.filter((x) => reasonFits(`field:${r.field}`, x.code)),
                      )}
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </section>

      <section className="min-w-0 space-y-4" aria-label={t('review.screen.photos')}>
        {p.photos.length === 0 && <p className="rounded-2xl bg-white p-4 text-sm text-slate-500 shadow-sm">{t('review.photo.missing')}</p>}
        {p.photos.map((ph) => (
          <div key={ph.kind} className="space-y-2 rounded-2xl bg-white p-3 shadow-sm">
            <h3 className="text-sm font-medium">{ph.label}</h3>
            {ph.url ? (
              <PhotoViewer
                src={ph.url}
                alt={ph.label}
                testId={`photo-${ph.kind}`}
                labels={{
                  zoomIn: t('review.photo.zoomIn'),
                  zoomOut: t('review.photo.zoomOut'),
                  rotate: t('review.photo.rotate'),
                  reset: t('review.photo.reset'),
                  hint: t('review.photo.hint'),
                }}
              />
            ) : (
              <p className="text-sm text-slate-500">{t('review.photo.missing')}</p>
            )}
            {verdictButtons(`document:${ph.kind}`, ph.label, true)}
            {returnDetails(`document:${ph.kind}`, p.photoReasons)}
          </div>
        ))}
      </section>

      <section
        className="sticky bottom-0 z-10 space-y-3 rounded-2xl border border-slate-200 bg-white/95 p-3 shadow-lg backdrop-blur lg:col-span-2"
        aria-label={t('review.decision.title')}
        data-testid="decision-bar"
      >
        {p.blocked && (
          <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status">
            {p.blocked}
          </p>
        )}
        {error && (
          <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">
            {error}
          </p>
        )}
        {escalating ? (
          <div className="space-y-2" data-testid="escalate-panel">
            <fieldset className="flex flex-wrap gap-2">
              <legend className="mb-1 text-sm font-medium">{t('review.decision.escalateKind')}</legend>
              {(['fraud_suspected', 'anomaly'] as const).map((k) => (
                <label
                  key={k}
                  className={`tap inline-flex items-center gap-2 rounded-lg border px-3 text-sm ${caseKind === k ? 'border-purple-500 bg-purple-50' : 'border-slate-300'}`}
                >
                  <input type="radio" name="caseKind" value={k} checked={caseKind === k} onChange={() => setCaseKind(k)} className="h-5 w-5" />
                  {t(`review.decision.kinds.${k}`)}
                </label>
              ))}
            </fieldset>
            <textarea
              value={escalateNote}
              onChange={(e) => setEscalateNote(e.target.value)}
              maxLength={2000}
              rows={2}
              placeholder={t('review.decision.escalateComment')}
              aria-label={t('review.decision.escalateComment')}
              className="w-full rounded-lg border border-slate-300 p-2 text-sm"
            />
            <div className="flex justify-end gap-2">
              <button type="button" className="tap rounded-lg px-4 text-sm" onClick={() => setEscalating(false)}>
                {t('review.decision.cancel')}
              </button>
              <button
                type="button"
                disabled={pending || !!p.blocked || !escalateNote.trim()}
                data-testid="confirm-escalate"
                className="tap rounded-lg bg-purple-700 px-4 text-sm font-medium text-white disabled:opacity-40"
                onClick={() => submit({ decision: 'escalate', recordId: p.recordId, revision: p.revision, comment: escalateNote.trim(), caseKind })}
              >
                {t('review.decision.confirmEscalate')}
              </button>
            </div>
          </div>
        ) : (
          <div className="flex flex-wrap items-center justify-end gap-2">
            {returned.length > 0 && (
              <input
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                maxLength={2000}
                placeholder={t('review.decision.comment')}
                aria-label={t('review.decision.comment')}
                className="tap min-w-0 basis-full rounded-lg border border-slate-300 px-3 text-sm"
              />
            )}
            <span className="mr-auto text-xs text-slate-500" data-testid="undecided">
              {/* A verified or otherwise final record has nothing left to check: no count. */}
              {undecided > 0 && !p.blocked ? t('review.decision.undecided', { n: undecided }) : ''}
            </span>
            <button
              type="button"
              disabled={!!p.blocked || undecided === 0}
              className="tap rounded-lg border border-slate-300 px-3 text-sm disabled:opacity-40 whitespace-nowrap"
              onClick={() => setMarks((prev) => Object.fromEntries(targets.map((x) => [x, prev[x] ?? { verdict: 'accept' }])))}
            >
              {t('review.decision.acceptRest')}
            </button>
            <button
              type="button"
              disabled={pending || !!p.blocked}
              className="tap rounded-lg border border-purple-300 px-3 text-sm text-purple-800 disabled:opacity-40 whitespace-nowrap"
              onClick={() => setEscalating(true)}
              data-testid="escalate"
            >
              {t('review.decision.escalate')}
            </button>
            <button
              type="button"
              disabled={pending || !canReturn}
              data-testid="return"
              className="tap rounded-lg bg-red-600 px-4 text-sm font-medium text-white disabled:opacity-40 whitespace-nowrap"
              onClick={() =>
                submit({
                  decision: 'return',
                  recordId: p.recordId,
                  revision: p.revision,
                  comment: comment.trim() || undefined,
                  reasons: returned.map(([target, m]) => ({ target, code: m.code, ...(m.comment.trim() ? { comment: m.comment.trim() } : {}) })),
                })
              }
            >
              {t('review.decision.return', { n: returned.length })}
            </button>
            <button
              type="button"
              disabled={pending || !canVerify}
              data-testid="verify"
              className="tap rounded-lg bg-emerald-600 px-4 text-sm font-medium text-white disabled:opacity-40 whitespace-nowrap"
              onClick={() => submit({ decision: 'verify', recordId: p.recordId, revision: p.revision })}
            >
              {t('review.decision.verify')}
            </button>
          </div>
        )}
      </section>
    </div>
  );
}

/**
 * Phone numbers are never broken inside; an e-mail address may break only after
 * its "@" (a reviewer reads them character by character against the document).
 */
function unbroken(field: string, value: string) {
  if (field === 'email' && value.includes('@')) {
    const at = value.indexOf('@');
    return (
      <>
        <span className="whitespace-nowrap">{value.slice(0, at)}</span>
        <wbr />
        <span className="whitespace-nowrap">{value.slice(at)}</span>
      </>
    );
  }
  // Read character by character against the card: never broken. The staff shell gives the table
  // its width at 1024 px (no side rail below 1280 px).
  if (field === 'phone') return <span className="whitespace-nowrap">{value}</span>;
  if (field === 'idNumber') return <span className="whitespace-nowrap font-mono">{value}</span>;

  return value;
}

/** After a return is marked, bring its reason menu into view above the sticky decision bar. */
function revealReturnDetails(target: string) {
  requestAnimationFrame(() => document.querySelector(`[data-testid="return-${CSS.escape(target)}"]`)?.scrollIntoView({ block: 'nearest' }));
}
