import type { ReactNode } from 'react';

// Colour follows whose move it is: new and investigating are the office's, awaiting the student's,
// legal the legal office's; closed is history.
const STATUS_STYLE: Record<string, string> = {
  open: 'bg-amber-100 text-amber-900',
  investigating: 'bg-sky-100 text-sky-900',
  awaiting_student: 'bg-violet-100 text-violet-900',
  legal_consultation: 'bg-rose-100 text-rose-900',
  closed: 'bg-slate-200 text-slate-700',
};

export function Chip({ className = 'bg-slate-100 text-slate-700', children, testId }: { className?: string; children: ReactNode; testId?: string }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${className}`} data-testid={testId}>
      {children}
    </span>
  );
}

export function StatusChip({ status, label }: { status: string; label: string }) {
  return (
    <Chip className={STATUS_STYLE[status] ?? undefined} testId="case-status">
      {label}
    </Chip>
  );
}

export function KindChip({ kind, label }: { kind: string; label: string }) {
  return (
    <Chip className={kind === 'fraud_suspected' ? 'bg-red-50 text-red-800 ring-1 ring-red-200' : 'bg-slate-100 text-slate-700'} testId="case-kind">
      {label}
    </Chip>
  );
}

export function LegalChip({ label }: { label: string }) {
  return (
    <Chip className="bg-rose-600 text-white" testId="case-legal">
      {label}
    </Chip>
  );
}
