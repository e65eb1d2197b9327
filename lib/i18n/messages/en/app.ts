import type { Messages } from '../zh-CN';

const app: Messages['app'] = { name: 'Campus ID Verify', tagline: 'Student identity verification' };

export default app;
