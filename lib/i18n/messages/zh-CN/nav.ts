const nav = {
  home: '首页',
  profile: '我的信息',
  settings: '设置',
  staffHome: '工作台',
  students: '学生名册',
  admin: '用户与角色',
  audit: '审计日志',
  signOut: '退出登录',
  studentView: '学生视图',
};

export default nav;
