import type { Messages } from '../zh-CN';

const http: Messages['http'] = {
  badCharacters: 'The input contains characters that cannot be stored (such as a NUL byte or broken Unicode). Remove them and try again.',
  foreignOrigin: 'This request came from another website and was refused. Please use the pages of this service.',
  malformedJson: 'The request body is not valid JSON.',
  malformedBody: 'The request body could not be read.',
  wrongContentType: 'The request has the wrong content type.',
  tooLarge: 'The request is too large.',
  rateLimited: 'Too many requests. Please try again in {seconds} seconds.',
  badUrl: 'The address contains invalid characters.',
  healthOk: 'ok',
  healthDown: 'unavailable',
};

export default http;
