import type { Messages } from '../zh-CN';

const outbox: Messages['outbox'] = {
  title: 'Kept on this phone, waiting to send',
  intro:
    'Without a network, what you fill in and the photos you take are kept on this phone and sent automatically, in order (photos first, then the submission), once each, when you are back online.',
  empty: 'Nothing is waiting to be sent.',
  kinds: {
    photo: 'Photo: {what}',
    evidence: 'Evidence photo',
    identity: 'Identity submission',
    correction: 'Correction request',
  },
  states: {
    pending: 'Waiting for the network',
    sending: 'Sending…',
    refused: 'Not accepted',
    done: 'Sent',
  },
  attempts: '{n} attempts',
  retry: 'Retry',
  remove: 'Remove',
  sendNow: 'Send now',
  queuedPhoto: 'Kept on this phone; uploads when you are online',
  queuedSubmit: 'Kept on this phone. It is submitted automatically when you are back online; no need to fill it in again.',
  queuedCorrection: 'Your correction request is kept on this phone and sent when you are back online.',
  sentIdentity: 'Your identity information has been submitted.',
  signOutPending: '{n} items have not been sent yet. Signing out deletes them from this phone. Sign out anyway?',
  errors: {
    network: 'No network connection; it will be retried automatically when you are online.',
    blocked: 'A photo it needs was not accepted: retake that photo, then submit again.',
  },
  offline: {
    lastStatus: 'Last known status',
    checkedAt: 'As of {at}',
    noStatus: 'No status is kept on this phone.',
    formTitle: 'Fill in your identity information offline',
    formIntro: 'You can fill in the form and take the photos without a network: they are kept on this phone and sent in order, once, when you are back online.',
    correctionTitle: 'Something wrong? Ask for a correction offline',
    correctionIntro:
      'You can fill in a correction and photograph your evidence without a network: it is kept on this phone and sent in order, once, when you are back online.',
  },
};

export default outbox;
