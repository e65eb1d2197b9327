import type { Messages } from '../zh-CN';

const roles: Messages['roles'] = {
  student: 'Student',
  reviewer: 'Reviewer',
  registrar: 'Registrar / verification office',
  office: 'Office (read-only)',
  auditor: 'Auditor',
  admin: 'Administrator',
  counsellor: 'Counsellor',
};

export default roles;
