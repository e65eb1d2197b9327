/** The review queue's filters and orders, shared by the verb, the query-string parser and the filter form. Universal. */
export const QUEUE_STATES = ['open', 'submitted', 'in_review', 'returned', 'escalated', 'verified', 'all'] as const;
export const QUEUE_SORTS = ['oldest', 'newest', 'mismatches'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];
export type QueueSort = (typeof QUEUE_SORTS)[number];
