// Issue 8: rate limits (docs/limits.md). Each message says what to do; none names the budget,
// because operators can change it (RATE_LIMITS).
const ratelimit = {
  signin: '来自您所在网络的登录请求过于频繁，请稍等一分钟后再试。',
  reveal: '您在一小时内查看完整证件号码的次数已达上限。为保护学生个人信息，本次未显示，且已记入审计日志。请稍后再试；如确有需要，请联系核验办公室。',
  upload: '您上传照片的次数过多，请稍后再试。已上传成功的照片不受影响。',
  confirm: '提交过于频繁，请稍等片刻后再试。您的核对结果不会丢失。',
  api: '接口调用过于频繁，请按 Retry-After 指示的秒数后重试。',
  retryAfter: '请在 {seconds} 秒后重试。',
  title: '请求过于频繁',
  back: '返回登录页',
};

export default ratelimit;
