const staff = {
  title: '工作台',
  welcome: '欢迎，{name}',
  yourRoles: '您的角色',
  scopeAll: '全部学院',
  rosterTitle: '学生名册',
  rosterEmpty: '您的权限范围内暂无学生。',
  search: '搜索学号或姓名',
  selectStudent: '从左侧列表选择一名学生查看详情。',
  count: '共 {n} 人',
};

export default staff;
