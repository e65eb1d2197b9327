import 'server-only';
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/types';

export const AUDIT_STREAMS = 16;
const GENESIS = '0'.repeat(64);

export interface AuditBreak {
  stream: number;
  /** The audit_events.id where the chain first fails (null: the head names a row that is missing). */
  id: number | null;
  chainSeq: number;
  reason: 'hash_mismatch' | 'prev_mismatch' | 'gap' | 'head_mismatch';
}

export interface AuditVerifyResult {
  ok: boolean;
  rows: number;
  streams: number;
  /** The first break of each broken stream. */
  breaks: AuditBreak[];
  /** The earliest of them by id. */
  firstBreak: AuditBreak | null;
}

/**
 * Recomputes every chain (decision 060). The canonical text of a row comes from the database's
 * app.audit_canonical (one definition, documented in the migration); the links — sha256 over the
 * previous hash and that text, the contiguous sequence, the head — are checked here, in Node, so a
 * changed row, a deleted row and a cut-off tail each show up as the first break of its stream.
 * Runs on the owner's connection: auditors' RLS would hide nothing, but the script is an operator tool.
 */
export async function verifyAuditChain(db: Queryable, opts: { batch?: number; onProgress?: (rows: number) => void } = {}): Promise<AuditVerifyResult> {
  const batch = opts.batch ?? 5000;
  const breaks: AuditBreak[] = [];
  let rows = 0;
  const heads = await db.query<{ stream: number; seq: string; last_id: string | null; last_hash: string }>(
    'select stream, seq::text, last_id::text, last_hash from public.audit_chain_heads order by stream',
  );
  for (const head of heads) {
    let prev = GENESIS;
    let expectSeq = 1;
    let broken: AuditBreak | null = null;
    for (;;) {
      const page = await db.query<{ id: string; chain_seq: string; prev_hash: string; hash: string; canonical: string }>(
        // Ordered by the table's bigint column (e.chain_seq): a bare `chain_seq` would name the
        // text output column, and '10' sorts before '2' — a false gap in every stream past nine rows.
        `select e.id::text, e.chain_seq::text, e.prev_hash, e.hash,
           app.audit_canonical(e.stream, e.chain_seq, e.id, e.occurred_at, e.actor_id, e.actor_role, e.action, e.entity_type, e.entity_id, e.ip, e.user_agent, e.details) as canonical
         from public.audit_events e where e.stream = $1 and e.chain_seq >= $2 order by e.chain_seq limit $3`,
        [head.stream, expectSeq, batch],
      );
      for (const r of page) {
        rows++;
        const seq = Number(r.chain_seq);
        const at = { stream: head.stream, id: Number(r.id), chainSeq: seq };
        const recomputed = createHash('sha256').update(`${prev}\n${r.canonical}`, 'utf8').digest('hex');
        if (seq !== expectSeq) broken = { ...at, reason: 'gap' };
        else if (r.prev_hash !== prev) broken = { ...at, reason: 'prev_mismatch' };
        else if (r.hash !== recomputed) broken = { ...at, reason: 'hash_mismatch' };
        if (broken) break;
        prev = r.hash;
        expectSeq++;
      }
      opts.onProgress?.(rows);
      if (broken || page.length < batch) break;
    }
    if (!broken && (Number(head.seq) !== expectSeq - 1 || head.last_hash !== prev)) {
      broken = { stream: head.stream, id: head.last_id === null ? null : Number(head.last_id), chainSeq: Number(head.seq), reason: 'head_mismatch' };
    }
    if (broken) breaks.push(broken);
  }
  const firstBreak = breaks.reduce<AuditBreak | null>((a, b) => (a === null || (b.id ?? Infinity) < (a.id ?? Infinity) ? b : a), null);
  return { ok: breaks.length === 0, rows, streams: heads.length, breaks, firstBreak };
}
