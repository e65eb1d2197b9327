import 'server-only';
import type { TaskHandler } from '../jobs/types';
import { expireAbandonedUploads } from './expire-uploads';

/** Schedule `documents-expire-uploads`: abandoned pending uploads are removed from storage and marked expired. */
const expireUploadsTask: TaskHandler = async () => {
  await expireAbandonedUploads();
};
export default expireUploadsTask;
