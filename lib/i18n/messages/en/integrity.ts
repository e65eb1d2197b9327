import type { Messages } from '../zh-CN';

const integrity: Messages['integrity'] = {
  verificationBlocked: 'This student has an unresolved duplicate-identity or suspected-fraud case; the record cannot be verified until it is closed.',
  duplicateVerified:
    'Another verified student already has this ID number, so this record cannot be verified. Refer it to the verification office as a duplicate case.',
  blockedTitle: 'Cannot be verified yet',
  blockedOpenCase: 'This student has an open {kind} case; nobody can verify the record until the case is closed.',
  blockedDuplicateFlag:
    'The comparison found a possible duplicate identity (for example the same ID number as another student); the verification office must close the duplicate case before the record can be verified.',
  openCase: 'Open the case',
  caseKind: { duplicate: 'duplicate identity', fraud_suspected: 'suspected fraud' },
  idempotencyReused: 'This request id was already used for a different action. Refresh the page and try again.',
  taskNotYours: 'This confirmation task is not yours. Open it again from your tasks.',
};

export default integrity;
