/** Refusals of the HTTP adapter (lib/server/http, proxy.ts). */
const http = {
  badCharacters: '输入中含有无法保存的字符（如空字符或残缺的 Unicode 字符），请删除后重试。',
  foreignOrigin: '请求来自其他网站，已被拒绝。请在本系统的页面中操作。',
  malformedJson: '请求内容不是有效的 JSON。',
  malformedBody: '请求内容无法解析。',
  wrongContentType: '请求的内容类型不正确。',
  tooLarge: '请求内容过大。',
  rateLimited: '操作过于频繁，请 {seconds} 秒后再试。',
  badUrl: '链接中含有无效字符。',
  healthOk: '正常',
  healthDown: '不可用',
};

export default http;
