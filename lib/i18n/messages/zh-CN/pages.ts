// The app's own not-found and error pages (app/not-found.tsx, app/error.tsx, app/global-error.tsx).
const pages = {
  notFound: {
    title: '页面不存在',
    body: '您访问的地址不存在，或者已经移动。请检查地址，或从首页重新进入。',
    code: '错误 404',
  },
  error: {
    title: '出了点问题',
    body: '页面暂时无法显示。您填写的内容不会因此丢失；请稍后重试。问题持续时，请联系学院办公室。',
    code: '错误编号 {digest}',
    retry: '重试',
  },
  home: '返回首页',
};

export default pages;
