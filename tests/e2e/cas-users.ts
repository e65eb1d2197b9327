/** Accounts of the CAS server the `cas` e2e app signs in through (scripts/e2e-server.ts cas). */
export const CAS_E2E_ACCOUNTS = {
  // 张明 on the demo roster (2025010001); the student number arrives as `xh`, as at many campuses.
  zhangming: {
    password: 'cas-e2e-pass-1',
    attributes: { uid: 'zhangming', xh: '2025010001', cn: '张明', mail: 'zhangming@stu.example.edu.cn', eduPersonAffiliation: ['student'] },
  },
};
