import 'server-only';

/** The cases domain's words live in lib/domain/cases.ts (universal); re-exported for the verbs. */
export * from '@/lib/domain/cases';
