const archive = {
  printForm: '打印登记表',
  downloadDossier: '下载档案（ZIP）',
  myCopy: '下载我的个人信息副本',
  myCopyHint: '依据《个人信息保护法》第四十五条，你可以下载学校保存的你的信息（字段、版本、审核决定、已确认的告知版本）。下载会记入审计日志。',
  retention: {
    title: '保存期限与清除',
    intro: '毕业或离校满保存期限后，个人信息将被清除（密文、盲索引、照片删除，姓名替换）；审计日志保留。有未结案件或法律保全的记录跳过。',
    years: '保存期限：离校后 {years} 年',
    dryRun: '试运行（不做更改）',
    run: '执行清除',
    lastRuns: '最近运行',
    when: '时间',
    mode: '方式',
    modeDry: '试运行',
    modeReal: '执行',
    redacted: '已清除',
    skipped: '跳过',
    none: '尚无运行记录',
    legalHold: '法律保全',
    holdOn: '设置保全',
    holdOff: '解除保全',
    skippedList: '跳过的记录',
    studentNumber: '学号',
  },
};

export default archive;
