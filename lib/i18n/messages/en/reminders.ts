import type { Messages } from '../zh-CN';

const reminders: Messages['reminders'] = {
  title: 'Who the reminders reached',
  summary: '{reminded} reminded, {reached} reached',
  channel: 'Channel',
  students: 'Students reached',
  unreachable: 'Cannot be reached ({n}): no usable contact on the roster or the account',
  offsets: 'Automatic reminders (days before the deadline, comma-separated)',
  saveOffsets: 'Save',
};

export default reminders;
