/*
 * What an Opsgenie (or Jira Service Management Operations) alert webhook must
 * carry, checked before the delivery is stored: a delivery that fails is a
 * 400 naming the field, and nothing of it is kept. Unknown fields pass.
 */
import { z } from 'zod';
import { checkWithSchema } from '../payloadErrors';
import { opsgenieTime } from './alertTime';

const time = z
  .union([z.number(), z.string().max(64)])
  .refine(v => opsgenieTime(v) !== null, {
    message: 'must be epoch milliseconds (or nanoseconds) or an ISO-8601 time',
  });
const name = z.string().max(255);

const alert = z
  .object({
    alertId: z.string().min(1).max(128),
    message: z.string().max(100_000).nullish(),
    createdAt: time,
    updatedAt: time.nullish(),
    tags: z.array(z.string().max(1000)).max(1000).nullish(),
    teams: z.array(name).max(500).nullish(),
    team: name.nullish(),
    responders: z
      .array(
        z
          .object({
            type: z.string().max(32),
            id: name.nullish(),
            name: name.nullish(),
          })
          .passthrough(),
      )
      .max(500)
      .nullish(),
    priority: z.union([z.string().max(32), z.number().int()]).nullish(),
    tinyId: z.union([z.string().max(64), z.number().int()]).nullish(),
  })
  .passthrough();

const payload = z
  .object({
    action: z.string().min(1).max(64),
    alert,
  })
  .passthrough();

export type OpsgenieAlertPayload = z.infer<typeof payload>;

/** Throws an `InputError` naming the first field missing or of the wrong type. */
export function checkOpsgeniePayload(value: unknown): OpsgenieAlertPayload {
  return checkWithSchema('Opsgenie alert webhook', payload, value);
}
