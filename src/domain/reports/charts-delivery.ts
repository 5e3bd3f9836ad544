import { z } from 'zod';
import { message } from '../../core/render.js';
import { sendMessage } from '../../jobs/deliveries.js';
import { deliveryKind } from '../../jobs/delivery-kind.js';
import { describeDm, dmLane, userAddressSchema } from '../../jobs/outbox-payload.js';
import { chartPng } from './charts.js';

/**
 * The report's charts by DM, drawn by the worker that sends them: drawing takes a few hundred
 * milliseconds (more for the first in a process), which the coordinator's command need not hold
 * its transaction open for. The row carries the specs; a retry draws them again, the same.
 */
export const reportChartsDelivery = deliveryKind({
  type: 'report-charts',
  schema: z.object({
    to: userAddressSchema,
    text: z.string().min(1).max(500),
    charts: z.array(z.object({ name: z.string().regex(/^[A-Za-z0-9._-]+\.png$/), chart: z.record(z.string(), z.unknown()) })).min(1).max(10),
  }),
  lane: (p) => dmLane(p.to),
  describeForAlert: (p) => describeDm(p),
  async deliver(ctx, p) {
    const files = await Promise.all(p.charts.map((c) => chartPng(c.name, c.chart)));
    const msg = message(p.text, { files });
    await sendMessage(ctx, p.to, msg, () => ctx.chat.for(p.to.platform).sendDirect(p.to, msg));
  },
});
