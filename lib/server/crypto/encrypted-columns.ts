import 'server-only';
import { idNumberAad } from '../identity/record';
import { webhookSecretAad } from '../webhooks/internal/secret';

/**
 * Every column that holds a FieldCipher ciphertext, with the additional data its writers bind it
 * to. Key rotation (`npm run keys:rotate`) and its check walk this list; a new encrypted column
 * must be added here, or rotation would leave it under a retired key and the check would not see
 * it (tests/integration/keys-rotate.test.ts compares this list with the schema's *_enc columns).
 *
 * `blindIndex` names the HMAC column computed from the same plaintext, for a blind-index key change.
 */
export interface EncryptedColumn {
  table: string;
  column: string;
  /** The row's key column and its SQL type (keyset pagination: `pk > $last`). */
  pk: string;
  pkType: 'uuid' | 'text';
  aad: (pk: string) => string;
  blindIndex?: { column: string; domain: string };
}

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  {
    table: 'identity_versions',
    column: 'id_number_enc',
    pk: 'id',
    pkType: 'uuid',
    aad: idNumberAad.version,
    blindIndex: { column: 'id_number_bidx', domain: 'id_number' },
  },
  { table: 'identity_records', column: 'draft_id_number_enc', pk: 'id', pkType: 'uuid', aad: idNumberAad.draft },
  { table: 'correction_requests', column: 'new_id_number_enc', pk: 'id', pkType: 'uuid', aad: idNumberAad.correction },
  {
    table: 'registrar_records',
    column: 'id_number_enc',
    pk: 'student_number',
    pkType: 'text',
    // as written by lib/server/imports/prepare.ts
    aad: (studentNumber) => `registrar_records.id_number:${studentNumber}`,
    blindIndex: { column: 'id_number_bidx', domain: 'id_number' },
  },
  {
    table: 'admissions_records',
    column: 'id_number_enc',
    pk: 'exam_number',
    pkType: 'text',
    aad: (examNumber) => `admissions_records.id_number:${examNumber}`,
    blindIndex: { column: 'id_number_bidx', domain: 'id_number' },
  },
  { table: 'webhook_endpoints', column: 'secret_enc', pk: 'id', pkType: 'uuid', aad: (id) => webhookSecretAad(id) },
  { table: 'webhook_endpoints', column: 'previous_secret_enc', pk: 'id', pkType: 'uuid', aad: (id) => webhookSecretAad(id) },
];

/** The lowest key of each type: the keyset scan starts after it. */
export const PK_START: Record<EncryptedColumn['pkType'], string> = { uuid: '00000000-0000-0000-0000-000000000000', text: '' };

export const columnName = (c: EncryptedColumn) => `${c.table}.${c.column}`;
