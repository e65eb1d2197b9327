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
  idempotencyInvalid: 'The request id is not valid. Refresh the page and try again.',
};

export default resilience;
