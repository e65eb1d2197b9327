const audit = {
  title: '审计日志',
  time: '时间',
  actor: '操作人',
  action: '操作',
  entity: '对象',
  ip: 'IP',
  empty: '暂无记录。',
  older: '更早',
  dossier: '下载档案',
};

export default audit;
