import type { Messages } from '../zh-CN';

const errors: Messages['errors'] = {
  unauthenticated: 'Please sign in first.',
  forbidden: 'You are not allowed to do this.',
  not_found: 'Not found.',
  invalid_input: 'Some input is not valid. Please check and try again.',
  conflict: 'Someone else changed this record. Refresh and try again.',
  too_large: 'The file is too large.',
  unsupported_media: 'This file type is not supported.',
  expired: 'The link has expired. Refresh the page and try again.',
  tampered: 'Data failed its integrity check.',
  unavailable: 'The service is temporarily unavailable. Please try again shortly; nothing you entered is lost.',
  rate_limited: 'Too many requests. Please try again later.',
  internal: 'Something went wrong on our side. Please try again later.',
  duplicateGrant: 'The user already has this role.',
  notFoundTitle: 'Page not found',
  errorTitle: 'Something went wrong',
  retry: 'Try again',
  backHome: 'Back to home',
};

export default errors;
