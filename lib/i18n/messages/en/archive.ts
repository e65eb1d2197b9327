import type { Messages } from '../zh-CN';

const archive: Messages['archive'] = {
  printForm: 'Print registration form',
  downloadDossier: 'Download dossier (ZIP)',
  myCopy: 'Download a copy of my personal data',
  myCopyHint:
    'Under PIPL article 45 you may download what the university holds about you (fields, versions, review decisions, notice versions you accepted). The download is recorded in the audit log.',
  retention: {
    title: 'Retention and redaction',
    intro:
      'Once the retention period after graduating or leaving has passed, personal data is redacted (ciphertexts, blind indexes and photos deleted, names replaced); the audit trail is kept. Records with an open case or a legal hold are skipped.',
    years: 'Retention: {years} years after leaving',
    dryRun: 'Dry run (changes nothing)',
    run: 'Redact now',
    lastRuns: 'Recent runs',
    when: 'When',
    mode: 'Mode',
    modeDry: 'dry run',
    modeReal: 'real',
    redacted: 'Redacted',
    skipped: 'Skipped',
    none: 'No runs yet',
    legalHold: 'Legal hold',
    holdOn: 'Place hold',
    holdOff: 'Lift hold',
    skippedList: 'Skipped records',
    studentNumber: 'Student number',
  },
};

export default archive;
