const errors = {
  unauthenticated: '请先登录。',
  forbidden: '您没有权限执行此操作。',
  not_found: '未找到该记录。',
  invalid_input: '输入有误，请检查后重试。',
  conflict: '该记录已被他人修改，请刷新后重试。',
  too_large: '文件太大。',
  unsupported_media: '不支持的文件类型。',
  expired: '链接已过期，请刷新页面后重试。',
  tampered: '数据校验失败。',
  unavailable: '服务暂时不可用，请稍后重试；您已填写的内容不会丢失。',
  internal: '系统繁忙，请稍后再试。',
  rate_limited: '请求过于频繁，请稍后再试。',
  duplicateGrant: '该用户已拥有此角色。',
  notFoundTitle: '页面不存在',
  errorTitle: '出错了',
  retry: '重试',
  backHome: '返回首页',
};

export default errors;
