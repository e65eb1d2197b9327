import type { Messages } from '../zh-CN';

const home: Messages['home'] = {
  greeting: 'Hello, {name}',
  studentNumber: 'Student number',
  department: 'School',
  cohort: 'Cohort',
  cohortValue: '{cohort}',
  nextStep: 'Next step',
  nextStepBody: 'Identity registration opens soon. When it does, fill in the form here and photograph your ID.',
  progress: 'Verification progress',
  steps: {
    draft: 'Draft',
    submitted: 'Submitted',
    in_review: 'In review',
    returned: 'Returned',
    verified: 'Verified',
    escalated: 'With the verification office',
  },
  stateBody: {
    none: 'Fill in your identity information and photograph your ID; it takes about 5 minutes.',
    draft: 'You have started the form but not submitted it yet.',
    submitted: 'Submitted; waiting for your school office to review it.',
    in_review: 'Your school office is reviewing your information.',
    returned: 'Your information was returned. Correct the items below and submit again.',
    verified: 'Your identity information has been verified.',
    escalated: 'Your information is with the university’s verification office; you will be told if anything else is needed.',
  },
  actions: { fill: 'Fill in', view: 'View', fix: 'Fix returned items' },
  returnedTitle: 'Items to correct',
};

export default home;
