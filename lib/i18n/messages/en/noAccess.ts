import type { Messages } from '../zh-CN';

const noAccess: Messages['noAccess'] = {
  title: 'No access yet',
  body: 'You are signed in, but your account matches no student on the roster and has no staff role.',
  studentHint:
    'If you are a student: the roster is imported by the registrar; new students are usually added within 1–2 working days of registration. Ask your school office to check your student number.',
  staffHint: 'If you are staff: ask the system administrator to grant you a role.',
  account: 'Signed in as',
};

export default noAccess;
