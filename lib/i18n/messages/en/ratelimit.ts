import type { Messages } from '../zh-CN';

const ratelimit: Messages['ratelimit'] = {
  signin: 'Too many sign-in attempts from your network. Please wait a minute and try again.',
  reveal:
    'You have reached the hourly limit for revealing full ID numbers. To protect students’ personal data the number was not shown, and this has been recorded in the audit log. Please try again later, or contact the verification office if you need more.',
  upload: 'Too many photo uploads. Please try again later. Photos already uploaded are not affected.',
  confirm: 'Too many submissions in a short time. Please wait a moment and try again. Your answer is not lost.',
  api: 'Too many API requests. Retry after the number of seconds in the Retry-After header.',
  retryAfter: 'Please try again in {seconds} seconds.',
  title: 'Too many requests',
  back: 'Back to sign-in',
};

export default ratelimit;
