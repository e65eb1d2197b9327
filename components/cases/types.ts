import type { ActionResult } from '@/lib/domain/result';

export interface UploadTarget {
  url: string;
  method: string;
  headers: Record<string, string>;
}

/** The two server actions EvidenceUpload calls, handed in by the page (components never import app/). */
export interface EvidenceActions {
  start(input: { requestId: string; contentType: string; bytes: number }): Promise<ActionResult<{ documentId: string; upload: UploadTarget }>>;
  attach(input: { requestId: string; documentId: string }): Promise<ActionResult<{ documentId: string; thumbUrl: string | null }>>;
}
