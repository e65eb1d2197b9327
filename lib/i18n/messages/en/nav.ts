import type { Messages } from '../zh-CN';

const nav: Messages['nav'] = {
  home: 'Home',
  profile: 'My information',
  settings: 'Settings',
  staffHome: 'Workspace',
  students: 'Roster',
  admin: 'Users & roles',
  audit: 'Audit log',
  signOut: 'Sign out',
  studentView: 'Student view',
};

export default nav;
