const noAccess = {
  title: '暂未开通访问权限',
  body: '您已成功登录，但系统中没有找到与您的账号对应的学生名册记录，也没有被授予工作人员角色。',
  studentHint: '如果您是在校学生：名册由学籍管理部门导入，新生通常在报到后 1–2 个工作日内开通。请联系所在学院办公室核对学号。',
  staffHint: '如果您是工作人员：请联系系统管理员为您授予相应角色。',
  account: '当前账号',
};

export default noAccess;
