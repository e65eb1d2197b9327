import 'server-only';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';
import type { Tx } from '../db/types';

export interface MyDocumentRequest {
  id: string;
  /** what the office asks for, in its words */
  what: string;
  requestedAt: Date;
  received: { documentId: string; at: Date }[];
}

/**
 * The document requests of the student's open cases, oldest first, with what they already sent.
 * The student sees nothing else of a case — not its kind, notes, contacts or legal flag: RLS lets
 * them read only the entries marked for them (requests and their own uploads).
 */
export async function listMyDocumentRequests({ access }: { access: Access | null }): Promise<MyDocumentRequest[]> {
  const me = requireRole(access, 'student');
  return withRls(me.ctx, (tx) => myRequests(tx));
}

export async function myRequests(tx: Tx, requestId?: string): Promise<(MyDocumentRequest & { caseId: string })[]> {
  const requests = await tx.query<{ id: string; case_id: string; body: string | null; created_at: Date }>(
    `select id, case_id, body, created_at from public.case_events
     where kind = 'document_request' and visible_to_student and case_id in (select app.my_open_cases())
       and ($1::uuid is null or id = $1)
     order by created_at, seq`,
    [requestId ?? null],
  );
  if (!requests.length) return [];
  const received = await tx.query<{ request_id: string; document_id: string; created_at: Date }>(
    `select details ->> 'request_id' as request_id, document_id, created_at from public.case_events
     where kind = 'document_received' and case_id in (select app.my_open_cases()) order by created_at, seq`,
  );
  return requests.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    what: r.body ?? '',
    requestedAt: r.created_at,
    received: received.filter((x) => x.request_id === r.id).map((x) => ({ documentId: x.document_id, at: x.created_at })),
  }));
}
