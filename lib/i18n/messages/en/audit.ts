import type { Messages } from '../zh-CN';

const audit: Messages['audit'] = {
  title: 'Audit log',
  time: 'Time',
  actor: 'Actor',
  action: 'Action',
  entity: 'Entity',
  ip: 'IP',
  empty: 'No events.',
  older: 'Older',
  dossier: 'Download dossier',
};

export default audit;
