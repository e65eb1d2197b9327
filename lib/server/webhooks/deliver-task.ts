import 'server-only';
import { z } from 'zod';
import type { TaskHandler } from '../jobs/types';
import { deliverWebhook } from './internal/deliver';

const Payload = z.object({ deliveryId: z.uuid() });

/** One attempt of one webhook delivery; retries are queued by the attempt itself (backoff). */
const deliverTask: TaskHandler = async (raw, job) => {
  const { deliveryId } = Payload.parse(raw);
  await deliverWebhook(deliveryId, `${job.workerId}#${job.jobId}`);
};
export default deliverTask;
