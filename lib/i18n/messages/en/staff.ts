import type { Messages } from '../zh-CN';

const staff: Messages['staff'] = {
  title: 'Workspace',
  welcome: 'Welcome, {name}',
  yourRoles: 'Your roles',
  scopeAll: 'All schools',
  rosterTitle: 'Roster',
  rosterEmpty: 'No students in your scope.',
  search: 'Search student number or name',
  selectStudent: 'Pick a student from the list to see details.',
  count: '{n} students',
};

export default staff;
