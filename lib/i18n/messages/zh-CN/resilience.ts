// Issue 8 items 3–4: retries, idempotency and database outages (decisions 120–123).
const resilience = {
  unavailableTitle: '服务暂时不可用',
  unavailableBody: '系统正在恢复连接，通常几秒钟即可。您已填写的内容保存在本设备上，不会丢失；已提交的内容不会重复提交。',
  unavailableRetrying: '将在 {seconds} 秒后自动重试…',
  errorTitle: '页面出错了',
  errorBody: '请重试；如果问题持续，请联系学院办公室。',
  retry: '重试',
  backHome: '返回首页',
  firstStep: {
    title: '请先完成身份核验',
    submit_identity: '您还没有提交身份信息。请先填写并提交身份信息，核验通过后才能进行本学期信息确认。',
    fix_returned: '您的身份信息被退回修改。请先按提示修改退回的项目并重新提交，核验通过后才能进行信息确认。',
    await_review: '您的身份信息正在审核中。审核通过后即可进行信息确认，无需其他操作。',
    action: '前往身份信息',
  },
  idempotencyInvalid: '请求标识无效，请刷新页面后重试。',
};

export default resilience;
