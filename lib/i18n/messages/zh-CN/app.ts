const app = { name: '校园身份核验', tagline: '学生身份信息核验平台' };

export default app;
