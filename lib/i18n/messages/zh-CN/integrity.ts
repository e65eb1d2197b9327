// Issue 8: integrity rules enforced in the database (duplicates, idempotency).
const integrity = {
  verificationBlocked: '该学生存在未处理的重复身份或疑似造假案件，处理完成前不能核验通过。',
  duplicateVerified: '已有另一名已核验的学生使用该证件号码，不能核验通过。请交由核验办公室处理重复身份案件。',
  blockedTitle: '暂不能核验通过',
  blockedOpenCase: '该学生有未结案的{kind}案件，结案前任何人都不能核验通过。',
  blockedDuplicateFlag: '比对发现可能的重复身份（如证件号码与其他学生相同），须由核验办公室结案确认后才能核验通过。',
  openCase: '查看案件',
  caseKind: { duplicate: '重复身份', fraud_suspected: '疑似造假' },
  idempotencyReused: '该请求标识已用于另一项操作，请刷新页面后重试。',
  taskNotYours: '该核对任务不属于您，请从“我的任务”重新进入。',
};

export default integrity;
