/** The words of the cases domain, shared by the verbs, the staff pages and their client forms. Universal. */
export const CASE_STATUSES = ['open', 'investigating', 'awaiting_student', 'legal_consultation', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_KINDS = ['fraud_suspected', 'duplicate', 'anomaly'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const CASE_OUTCOMES = ['verified', 'corrected', 'merged', 'rejected'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
export const CONTACT_CHANNELS = ['phone', 'email', 'in_person'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/**
 * Where set-status may move a case. The other moves have their own verbs because they carry more
 * than a status: awaiting_student comes with a request the student can see (request-documents),
 * closed with an outcome and a reason (close-case), and open is only where a case starts. The
 * database refuses leaving 'closed' and returning to 'open' for everyone (app.case_rules).
 */
export const STATUS_MOVES: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['investigating', 'legal_consultation'],
  investigating: ['legal_consultation'],
  awaiting_student: ['investigating', 'legal_consultation'],
  legal_consultation: ['investigating'],
  closed: [],
};

export const SETTABLE_STATUSES = ['investigating', 'legal_consultation'] as const;
