const signin = {
  title: '登录',
  intro: '请使用学校统一身份认证账号登录。',
  button: '使用{provider}登录',
  devNotice: '当前为本地开发环境：登录将转到开发用身份提供方，可选择演示账号。',
  or: '或',
  chooseProvider: '请选择登录方式',
  privacy: '登录即表示您了解本系统将按《个人信息保护法》处理您的身份信息，仅用于学籍身份核验。',
  errors: {
    AccountDisabled: '该账号已被停用。如有疑问，请联系所在学院办公室。',
    AccessDenied: '登录被拒绝，请重试。',
    Configuration: '登录服务暂时不可用，请稍后再试；若持续出现，请联系信息中心。',
    Verification: '登录链接已失效，请重新登录。',
    CasTicket: '统一身份认证的登录凭据无效或已使用（每个凭据只能使用一次，且只对本系统有效）。请重新登录。',
    CasUnavailable: '暂时无法连接学校统一身份认证，请稍后再试。',
    RateLimited: '来自您所在网络的登录请求过于频繁，请稍等一分钟后再试。',
    default: '登录未完成，请重试。',
  },
};

export default signin;
