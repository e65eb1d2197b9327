import type { Messages } from '../zh-CN';

const admin: Messages['admin'] = {
  title: 'Users & roles',
  user: 'User',
  roles: 'Roles',
  lastSignIn: 'Last sign-in',
  never: 'Never',
  grant: 'Grant',
  revoke: 'Revoke',
  role: 'Role',
  department: 'School',
  office: 'Office',
  granted: 'Role granted.',
  revoked: 'Role revoked.',
  endSessions: 'Sign out everywhere',
  sessionsEnded: "All of this user's sessions were ended; they stop working on the next request.",
  confirmRevoke: 'Revoke this role? It stops working on the next request.',
  chooseDepartment: 'A reviewer needs a school',
  chooseOffice: 'An office role needs an office',
  chooseClass: 'A counsellor needs a class',
  className: 'Class (班级)',
};

export default admin;
