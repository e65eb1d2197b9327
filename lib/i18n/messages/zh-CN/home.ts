const home = {
  greeting: '您好，{name}',
  studentNumber: '学号',
  department: '学院',
  cohort: '年级',
  cohortValue: '{cohort}级',
  nextStep: '下一步',
  nextStepBody: '身份信息登记即将开放。开放后请在此填写信息并拍摄证件照片。',
  progress: '核验进度',
  steps: { draft: '填写信息', submitted: '已提交', in_review: '审核中', returned: '已退回', verified: '已核验', escalated: '核验办公室处理中' },
  stateBody: {
    none: '请填写身份信息并拍摄证件照片，约需 5 分钟。',
    draft: '您已开始填写，尚未提交。',
    submitted: '已提交，等待学院审核。',
    in_review: '学院正在审核您的信息。',
    returned: '您的信息被退回，请按下列原因修改后重新提交。',
    verified: '您的身份信息已核验通过。',
    escalated: '您的信息已转交学校核验办公室处理，如需补充材料会通知您。',
  },
  actions: { fill: '填写身份信息', view: '查看', fix: '修改退回项' },
  returnedTitle: '需要修改的项目',
};

export default home;
