import 'server-only';
import { z } from 'zod';
import type { TaskHandler } from '../jobs/types';
import { getEmailChannel } from './channel';
import { deliverQueued } from './deliver';

const Payload = z.object({ deliveryId: z.uuid() });

/**
 * One queued e-mail, enqueued by the trigger that queued the delivery (same transaction). The
 * delivery row is claimed with SKIP LOCKED and marked sent in the same transaction, so a job run
 * twice sends once. A failed send stays queued (up to three attempts); throwing lets the queue
 * retry it with backoff.
 */
const deliverTask: TaskHandler = async (raw) => {
  const { deliveryId } = Payload.parse(raw);
  const out = await deliverQueued(getEmailChannel(), 1, deliveryId);
  if (out.failed) throw new Error(`e-mail delivery ${deliveryId} failed; it stays queued for the next attempt`);
};
export default deliverTask;
