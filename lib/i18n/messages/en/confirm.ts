import type { Messages } from '../zh-CN';

const confirm: Messages['confirm'] = {
  title: 'Confirm your information',
  noTask: 'There is nothing for you to confirm right now. When the university opens a semester confirmation, it appears here.',
  deadline: 'Deadline: {date}',
  remaining: { days: '{n} days left', hours: '{n} hours left', ended: 'Closed' },
  status: { pending: 'To confirm', confirmed: 'Confirmed', correction_pending: 'Correction in review', overdue: 'Overdue', closed: 'Not open' },
  sections: { identity: 'Personal details', document: 'ID document', contact: 'Contact details' },
  sectionsTitle: 'Information to check',
  openEach: 'Open and check each section ({n}/{total} seen).',
  seen: 'Seen',
  notSeen: 'Not seen',
  allCorrect: 'All correct',
  confirming: 'Sending…',
  openAllFirst: 'Open and read every section before confirming “All correct”.',
  correctionNeedsJs: 'A correction request needs photos of your evidence: open this page in a browser with JavaScript allowed, or contact your school office.',
  somethingWrong: 'Something is wrong',
  confirmedAt: 'You confirmed your information on {date}. Thank you!',
  notVerified: 'Your identity information has not been verified yet, so there is nothing to confirm. Please complete your registration first.',
  goIdentity: 'Go to identity registration',
  closedBody: 'This confirmation is not open right now (it has closed or not started yet). To confirm or correct your information, contact your school office.',
  pending: {
    title: 'Correction in review',
    body: 'Your school is reviewing the correction you sent on {date}; you will be told here and by e-mail. To change it, tap “Something is wrong” again.',
  },
  outcome: {
    approved: 'Your correction was approved',
    rejected: 'Your correction was not approved',
    reason: 'Reason: {reason}',
    comment: 'Reviewer’s note: {comment}',
    approvedNext: 'The corrected information is now in effect, and your confirmation is complete.',
    rejectedNext: 'Your information is unchanged. Check it again and confirm, or ask again with more evidence.',
    dismiss: 'OK',
  },
  card: { title: 'Semester confirmation', action: 'Confirm now', view: 'View' },
  errors: {
    noTask: 'This confirmation task was not found.',
    notEditable: 'This confirmation task cannot be changed now.',
    closed: 'This confirmation has closed; it can no longer be confirmed.',
    correctionPending: 'A correction of yours is in review; confirm once it is decided.',
    openAllSections: 'Open and read every section before confirming “All correct”.',
    notOpened: 'You have not opened this section yet.',
    notVerified: 'Your identity information has not been verified yet, so it cannot be confirmed.',
    network: 'The connection dropped. Please try again.',
  },
};

export default confirm;
