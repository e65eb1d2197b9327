const admin = {
  title: '用户与角色',
  user: '用户',
  roles: '角色',
  lastSignIn: '最近登录',
  never: '从未登录',
  grant: '授予',
  revoke: '撤销',
  role: '角色',
  department: '学院',
  office: '部门',
  granted: '已授予角色。',
  revoked: '已撤销角色。',
  endSessions: '在所有设备上退出',
  sessionsEnded: '已结束该用户的全部登录会话，下次请求时即失效。',
  confirmRevoke: '确定撤销该角色？撤销后下一次请求即失效。',
  chooseDepartment: '审核员需选择学院',
  chooseOffice: '业务部门角色需选择部门',
  chooseClass: '辅导员角色需填写班级',
  className: '班级',
};

export default admin;
