import { AuthenticationError, InputError } from '@backstage/errors';
import {
  describeWebhookSecrets,
  QualityWebhookSource,
} from '@shewhart/plugin-quality-scorecard-node';
import { checkDeliveryField, scalar } from './deliveryFields';
import { applyPagerDutyEvent, pagerDutySecretIndex } from './pagerdutyWebhook';

type Json = Record<string, any>;

/**
 * PagerDuty's v3 webhooks (`POST /webhooks/pagerduty`): signed with
 * `X-PagerDuty-Signature` by any of `qualityScorecard.pagerduty.webhookSecrets`
 * (several while a secret rotates), named by `event.id`.
 */
export function createPagerDutyWebhookSource(options: {
  secrets: string[];
}): QualityWebhookSource {
  const described = describeWebhookSecrets(
    options.secrets,
    'qualityScorecard.pagerduty.webhookSecrets',
  );
  return {
    id: 'pagerduty',
    secretFingerprints: () => described,
    async accept(request) {
      const signature = request.header('x-pagerduty-signature');
      const position = pagerDutySecretIndex(
        request.rawBody,
        signature,
        options.secrets,
      );
      if (position < 0) {
        throw new AuthenticationError(
          signature
            ? 'Invalid X-PagerDuty-Signature signature'
            : 'Missing X-PagerDuty-Signature header',
        );
      }
      const payload = request.json() as Json;
      const id = payload.event?.id;
      const eventType = payload.event?.event_type;
      if (
        typeof id !== 'string' ||
        !id ||
        typeof eventType !== 'string' ||
        !eventType
      ) {
        throw new InputError('event.id and event.event_type are required');
      }
      checkDeliveryField('event.id', id, 255);
      checkDeliveryField('event.event_type', eventType, 128);
      return {
        deliveryId: id,
        eventName: eventType,
        verifiedBy: described[position],
      };
    },
    // Deliveries about one incident merge into its stored state: in turn.
    serializationKey(payload) {
      return `pagerduty:${scalar((payload as Json).event?.data?.id)}`;
    },
    async map(delivery, store) {
      const payload = delivery.payload as Json;
      const incidentId = scalar(payload.event?.data?.id);
      const existing = incidentId
        ? await store.getIncident('pagerduty', incidentId)
        : undefined;
      const incident = applyPagerDutyEvent(payload, existing);
      return incident ? [incident] : [];
    },
  };
}
