import type { Messages } from '../zh-CN';

const signin: Messages['signin'] = {
  title: 'Sign in',
  intro: 'Sign in with your campus single sign-on account.',
  button: 'Sign in with {provider}',
  devNotice: 'Local development: sign-in goes to the development identity provider, where you pick a demo account.',
  or: 'or',
  chooseProvider: 'Choose how to sign in',
  privacy:
    'By signing in you acknowledge that your identity data is processed under the Personal Information Protection Law, for enrolment identity verification only.',
  errors: {
    AccountDisabled: 'This account has been disabled. Please contact your school office.',
    AccessDenied: 'Sign-in was refused. Please try again.',
    Configuration: 'Sign-in is temporarily unavailable. Please try again later; if it persists, contact the IT centre.',
    Verification: 'The sign-in link has expired. Please sign in again.',
    CasTicket: 'The campus sign-in ticket is invalid or was already used (each ticket works once, and only for this service). Please sign in again.',
    CasUnavailable: 'The campus single sign-on cannot be reached right now. Please try again later.',
    RateLimited: 'Too many sign-in attempts from your network. Please wait a minute and try again.',
    default: 'Sign-in did not complete. Please try again.',
  },
};

export default signin;
