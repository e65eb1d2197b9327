import type { DemoAccount } from './accounts';

/** The account picker of the development provider: plain HTML, no scripts, no remote assets. */
export function renderPicker({ uid, accounts, title }: { uid: string; accounts: readonly DemoAccount[]; title?: string }): string {
  const items = accounts
    .map(
      (a) => `<li><form method="post" action="/interaction/${escapeHtml(uid)}/login">
  <input type="hidden" name="account" value="${escapeHtml(a.sub)}">
  <button type="submit" data-account="${escapeHtml(a.sub)}"><strong>${escapeHtml(a.name)}</strong>
  <span>${escapeHtml(a.describe['zh-CN'])}</span><span lang="en">${escapeHtml(a.describe.en)}</span></button></form></li>`,
    )
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<title>${escapeHtml(title ?? '开发用身份提供方 · Development sign-in')}</title>
<style>
body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;background:#f1f5f9;color:#0f172a}
main{max-width:32rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.25rem;margin:0 0 .25rem} p{margin:.25rem 0 1rem;color:#475569;font-size:.9rem}
ul{list-style:none;padding:0;margin:0;display:grid;gap:.5rem}
button{width:100%;text-align:left;padding:.85rem 1rem;border:1px solid #cbd5e1;border-radius:.75rem;background:#fff;font:inherit;cursor:pointer;display:grid;gap:.15rem;min-height:44px}
button:hover,button:focus{border-color:#2563eb;outline:2px solid #bfdbfe}
span{font-size:.85rem;color:#475569}
.cancel{display:block;margin-top:1rem;text-align:center;color:#475569}
</style></head><body><main>
<h1>${escapeHtml(title ?? '开发用身份提供方')}</h1>
<p>选择一个演示账号登录。仅用于本地开发与测试，生产环境使用学校统一身份认证。<br><span lang="en">Pick a demo account. Local development only; production uses the campus SSO.</span></p>
<ul>${items}</ul>
<a class="cancel" href="/interaction/${escapeHtml(uid)}/abort">取消 · Cancel</a>
</main></body></html>`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The provider's icon: a key on amber, so it is never taken for the campus SSO's or the app's. */
export const DEV_OIDC_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#b45309"/><circle cx="24" cy="32" r="10" fill="none" stroke="#fff" stroke-width="6"/><path d="M34 32h20M46 32v9M53 32v7" stroke="#fff" stroke-width="6" stroke-linecap="round"/></svg>`;
