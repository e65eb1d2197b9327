import type { Messages } from '../zh-CN';

const locale: Messages['locale'] = { switch: '中文', label: 'Language' };

export default locale;
