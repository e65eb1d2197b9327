import 'server-only';
import { z } from 'zod';

/**
 * manifest.json of a backup directory (decision 064). Written last, so a directory without it is an
 * incomplete backup. Restore checks every checksum before it writes anything.
 */
export const MANIFEST_FORMAT = 'campus-id-verify-backup/1';
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const ZManifest = z.object({
  format: z.literal(MANIFEST_FORMAT),
  createdAt: z.string(),
  engine: z.enum(['postgres', 'pglite']),
  /** The last applied migration: restore needs code at least this new. */
  schemaVersion: z.string().nullable(),
  database: z.object({ file: z.enum(['database.dump', 'pglite-datadir.tar.gz']), bytes: z.number().int().nonnegative(), sha256: Sha256 }),
  /** Rows per table ("schema.table"), counted in the snapshot the dump was taken from. */
  tables: z.record(z.string(), z.number().int().nonnegative()),
  /** Stored objects the snapshot references; each is files/<sha256>. */
  files: z.array(z.object({ key: z.string().min(1).max(300), sha256: Sha256, bytes: z.number().int().nonnegative(), contentType: z.string().min(1).max(200) })),
  /** Keys the snapshot references whose object was not in storage (deleted meanwhile, or lost). */
  missing: z.array(z.string()),
  /** The audit chains' heads at the snapshot (also restored with the database; keep a copy apart). */
  auditHeads: z.array(z.object({ stream: z.number().int(), seq: z.number().int(), lastHash: z.string() })),
});
export type Manifest = z.infer<typeof ZManifest>;

export interface BackupProgress {
  phase: 'database' | 'files' | 'verify';
  done: number;
  total: number | null;
  detail?: string;
}
