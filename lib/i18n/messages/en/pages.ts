import type { Messages } from '../zh-CN';

const pages: Messages['pages'] = {
  notFound: {
    title: 'Page not found',
    body: 'The address you opened does not exist or has moved. Check the address, or start again from the home page.',
    code: 'Error 404',
  },
  error: {
    title: 'Something went wrong',
    body: 'This page cannot be shown right now. Nothing you entered is lost because of this; please try again in a moment. If it keeps happening, contact your school office.',
    code: 'Error reference {digest}',
    retry: 'Try again',
  },
  home: 'Back to the home page',
};

export default pages;
