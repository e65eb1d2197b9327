import type { Messages } from '../zh-CN';

const counsellor: Messages['counsellor'] = {
  title: 'My classes',
  nav: 'Counsellor',
  className: 'Class',
  major: 'Major',
  email: 'E-mail',
  phone: 'Phone',
  editRoster: 'Edit roster details',
  save: 'Save',
  campaign: 'Running: {name}, closes {deadline}',
  noCampaign: 'No confirmation campaign is running',
  noClasses: 'No class has been assigned to you yet. Ask an administrator.',
  progress: '{done}/{total} finished',
  remind: 'Remind the unfinished ({n})',
  remindDone: 'Reminded {queued}: {sent} reached, {unreachable} unreachable{deferred}',
  deferred: ' (quiet hours: sent later)',
  allDone: 'Everyone in this class has finished',
  neverSignedIn: 'never signed in',
  lastReminder: 'Last reminder: {when} ({channels})',
  unreachable: 'unreachable',
  status: {
    not_submitted: 'Not submitted',
    submitted: 'In review',
    returned: 'Returned',
    verified: 'Verified',
    confirmation_pending: 'Confirmation pending',
    confirmation_overdue: 'Confirmation overdue',
    confirmed: 'Confirmed',
  },
  channels: { email: 'e-mail', sms: 'SMS', wecom: 'WeCom' },
  errors: { noCampaign: 'No confirmation campaign is running: nothing to remind.' },
};

export default counsellor;
