import 'server-only';
import type { Locale, T } from '@/lib/i18n';
import { ethnicityName } from '@/lib/identity/ethnicity';
import { ID_DOCUMENT_TYPES } from '@/lib/identity/id-number';
import { ethnicityCode } from '@/lib/server/compare/rules';
import type { ReviewView } from '@/lib/server/reviews/open-review';
import type { CompareRow, Finding, Flag } from '@/components/review/types';
import { keyIn } from '@/lib/i18n';

function flagOf(view: ReviewView, source: 'registrar' | 'admissions', field: string): Flag {
  const hits = view.comparison.checks.filter((c) => c.rule.startsWith(`${source}.`) && c.field === field && c.severity !== 'info');
  return hits.some((c) => c.severity === 'error') ? 'error' : hits.length ? 'warning' : null;
}

/** The side-by-side rows, translated, with each reference cell flagged by the comparison's findings. */
export function buildCompareRows(view: ReviewView, t: T, locale: Locale): CompareRow[] {
  const v = view.version!;
  const reg = view.registrar;
  const adm = view.admissions;
  const sex = (s: string | null | undefined) => (s ? t(keyIn('identity.fields.sex', s)) : null);
  const idType = (s: string | null | undefined) => (!s ? null : (ID_DOCUMENT_TYPES as readonly string[]).includes(s) ? t(keyIn('identity.idTypes', s)) : s);
  const ethnicity = (s: string | null | undefined) => {
    if (!s) return null;
    const code = ethnicityCode(s);
    return code ? ethnicityName(code, locale) : s;
  };
  const dept = (d: { nameZh: string; nameEn: string; code: string } | null | undefined) =>
    d ? `${d.code} · ${locale === 'zh-CN' ? d.nameZh : d.nameEn}` : null;
  const cohort = (c: number | null | undefined) => (c ? t('review.filters.cohortValue', { cohort: c }) : null);
  const label = (f: string) => t(keyIn('identity.fields', f, '.label'));
  const row = (field: string, rowLabel: string, submitted: string, registrar: string | null, admissions: string | null, reviewable = true): CompareRow => ({
    field,
    label: rowLabel,
    submitted,
    registrar: reg ? registrar : null,
    admissions: adm ? admissions : null,
    registrarFlag: flagOf(view, 'registrar', field),
    admissionsFlag: flagOf(view, 'admissions', field),
    reviewable,
  });
  const rows: CompareRow[] = [
    row('legalName', label('legalName'), v.legalName, reg?.name ?? null, adm?.name ?? null),
    row('latinName', label('latinName'), v.latinName ?? '—', null, null),
    row('sex', label('sex'), sex(v.sex)!, sex(reg?.sex), sex(adm?.sex)),
    row('birthDate', label('birthDate'), v.birthDate, reg?.birthDate ?? null, adm?.birthDate ?? null),
    row('ethnicity', label('ethnicity'), ethnicityName(v.ethnicity, locale), ethnicity(reg?.ethnicity), null),
    row('idType', label('idType'), idType(v.idType)!, idType(reg?.idType), null),
    row('idNumber', label('idNumber'), v.idNumberMask, reg?.idNumberMask ?? null, adm?.idNumberMask ?? null),
  ];
  if (v.idType === 'passport') rows.push(row('idIssuingCountry', label('idIssuingCountry'), v.idIssuingCountry ?? '—', null, null));
  rows.push(
    row('phone', label('phone'), v.phone, null, null),
    row('email', label('email'), v.email, null, null),
    row('department', t('review.screen.department'), dept(view.student.department)!, dept(reg?.department), dept(adm?.department), false),
    row('cohort', t('review.screen.cohort'), cohort(view.student.cohort)!, cohort(reg?.cohort), cohort(adm?.cohort), false),
  );
  return rows;
}

/** The comparison's findings as sentences, errors first (the checks are already in a stable order). */
export function buildFindings(view: ReviewView, t: T): Finding[] {
  const out: Finding[] = [];
  for (const c of view.comparison.checks) {
    if (c.severity === 'info') continue;
    let text = t(keyIn('compare.codes', c.code));
    if (c.rule.startsWith('duplicate.')) text += t('compare.others', { n: Number(c.details.others ?? 1) });
    out.push({ severity: c.severity, text });
  }
  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}
