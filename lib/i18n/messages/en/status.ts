import type { Messages } from '../zh-CN';

const status: Messages['status'] = { loading: 'Loading…', saved: 'Saved' };

export default status;
