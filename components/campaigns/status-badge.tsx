import type { T } from '@/lib/i18n';

const TONE = {
  draft: 'bg-slate-100 text-slate-700',
  open: 'bg-emerald-50 text-emerald-800 ring-1 ring-inset ring-emerald-200',
  closed: 'bg-slate-200 text-slate-600',
} as const;

export function CampaignStatusBadge({ t, status }: { t: T; status: keyof typeof TONE }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${TONE[status]}`}
      data-testid="campaign-status"
      data-status={status}
    >
      {t(`campaigns.status.${status}`)}
    </span>
  );
}
