import type { Messages } from '../zh-CN';

const resilience: Messages['resilience'] = {
  unavailableTitle: 'Temporarily unavailable',
  unavailableBody:
    'The system is reconnecting; this usually takes a few seconds. What you have entered is kept on this device and will not be lost, and nothing you already sent will be sent twice.',
  unavailableRetrying: 'Trying again in {seconds} s…',
  errorTitle: 'Something went wrong on this page',
  errorBody: 'Please try again. If it keeps happening, contact your school office.',
  retry: 'Try again',
  backHome: 'Back to home',
  firstStep: {
    title: 'Finish identity verification first',
    submit_identity: 'You have not submitted your identity details yet. Fill in and submit them first; once verified you can confirm for this semester.',
    fix_returned: 'Your identity details were returned for changes. Change the returned items and submit again; once verified you can confirm.',
    await_review: 'Your identity details are being reviewed. Once verified you can confirm; nothing else to do now.',
    action: 'Go to identity details',
  },
  idempotencyInvalid: 'The request id is not valid. Refresh the page and try again.',
};

export default resilience;
