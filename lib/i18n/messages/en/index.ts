import type { Messages } from '../zh-CN';
import app from './app';
import locale from './locale';
import nav from './nav';
import signin from './signin';
import noAccess from './noAccess';
import home from './home';
import identity from './identity';
import photo from './photo';
import notice from './notice';
import reasons from './reasons';
import review from './review';
import compare from './compare';
import staff from './staff';
import roles from './roles';
import admin from './admin';
import audit from './audit';
import status from './status';
import errors from './errors';
import imports from './imports';
import cases from './cases';
import campaigns from './campaigns';
import confirm from './confirm';
import corrections from './corrections';
import fields from './fields';
import sharing from './sharing';
import counsellor from './counsellor';
import questionnaires from './questionnaires';
import reminders from './reminders';
import metrics from './metrics';
import pages from './pages';
import archive from './archive';
import integrity from './integrity';
import webhooks from './webhooks';
import ratelimit from './ratelimit';
import resilience from './resilience';
import http from './http';
import outbox from './outbox';

const en: Messages = {
  app,
  locale,
  nav,
  signin,
  noAccess,
  home,
  identity,
  photo,
  notice,
  reasons,
  review,
  compare,
  staff,
  roles,
  admin,
  audit,
  status,
  errors,
  imports,
  cases,
  campaigns,
  confirm,
  corrections,
  fields,
  sharing,
  counsellor,
  questionnaires,
  reminders,
  metrics,
  archive,
  integrity,
  webhooks,
  ratelimit,
  resilience,
  http,
  pages,
  outbox,
};

export default en;
