import type { Messages } from '../zh-CN';

const notice: Messages['notice'] = {
  title: 'How we handle your personal information',
  version: 'Notice version {version}',
  intro: 'Before you submit your identity information, please read the following (under the Personal Information Protection Law of the PRC).',
  collected: {
    title: 'What we collect',
    body: 'Your name (including the name in Latin letters), sex, date of birth, ethnic group, ID document type and number, ID photos, mobile phone number and email. The ID number is stored encrypted; location data is removed from photos on upload.',
  },
  purpose: {
    title: 'Why',
    body: 'Only to verify your identity for enrolment: to confirm that you are the student in the registrar’s records and prevent impersonation. It is not used for anything else.',
  },
  recipients: {
    title: 'Who receives it',
    body: 'Your school office and the university’s registrar / verification office review your information and photos. Once verified, academic affairs, finance and logistics receive verified information only, and each office only the fields it needs for its work. Every view is recorded in the audit log.',
  },
  retention: {
    title: 'How long it is kept',
    body: 'While you are enrolled; after you leave it is archived for the period set by the university’s records policy and then deleted.',
  },
  rights: {
    title: 'Your rights',
    body: 'You can see what you submitted in this app at any time and ask for corrections. For questions about how your information is handled, contact your school office.',
  },
  acknowledge: 'I have read this — start the form',
  accepted: 'You have read and acknowledged this notice.',
  back: 'Back to the form',
  errors: { outdated: 'The notice has been updated. Please read the new version and acknowledge it.' },
};

export default notice;
