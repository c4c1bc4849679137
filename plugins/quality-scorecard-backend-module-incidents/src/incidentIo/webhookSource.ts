import { AuthenticationError, InputError } from '@backstage/errors';
import {
  describeWebhookSecrets,
  QualityWebhookSource,
} from '@shewhart/plugin-quality-scorecard-node';
import { Webhook } from 'standardwebhooks';
import type { IncidentIoConfig } from '../config';
import { checkDeliveryField } from '../payloadErrors';
import {
  applyIncidentIoIncident,
  isPracticeIncident,
  statusOfCategory,
} from './mapIncident';
import { checkIncidentIoPayload } from './payloadSchema';

const SIGNATURE_HEADERS = [
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
] as const;

/** The verifiers of the configured secrets; a secret that is not `whsec_<base64>` stops startup. */
export function incidentIoVerifiers(secrets: string[]): Webhook[] {
  return secrets.map((secret, i) => {
    try {
      return new Webhook(secret.trim());
    } catch (e) {
      throw new Error(
        `qualityScorecard.incidentIo.webhookSecrets[${i}] is not a signing secret (whsec_…): ${e}`,
      );
    }
  });
}

/**
 * incident.io's webhooks (`POST /webhooks/incident-io`), signed the Standard
 * Webhooks way (Svix): `webhook-signature` carries `v1,<base64 HMAC-SHA256>`
 * of `<webhook-id>.<webhook-timestamp>.<body>` under any of
 * `qualityScorecard.incidentIo.webhookSecrets`; the timestamp must be within
 * five minutes. Verified by the `standardwebhooks` library (constant-time
 * compare); named by `webhook-id`, the same on incident.io's retries.
 */
export function createIncidentIoWebhookSource(
  config: IncidentIoConfig,
): QualityWebhookSource {
  const verifiers = incidentIoVerifiers(config.webhookSecrets);
  const described = describeWebhookSecrets(
    config.webhookSecrets,
    'qualityScorecard.incidentIo.webhookSecrets',
  );
  return {
    id: 'incident-io',
    secretFingerprints: () => described,
    async accept(request) {
      if (verifiers.length === 0) {
        throw new AuthenticationError(
          'incident.io webhooks are not configured (qualityScorecard.incidentIo.webhookSecrets)',
        );
      }
      const headers: Record<string, string> = {};
      for (const name of SIGNATURE_HEADERS) {
        const value = request.header(name);
        if (!value) {
          throw new AuthenticationError(`Missing ${name} header`);
        }
        headers[name] = value;
      }
      let reason = '';
      let position = -1;
      // Every verifier runs, so that the time taken does not tell which secret matched.
      verifiers.forEach((verifier, i) => {
        try {
          verifier.verify(request.rawBody, headers, { jsonParse: false });
          position = position < 0 ? i : position;
        } catch (e) {
          reason = e instanceof Error ? e.message : String(e);
        }
      });
      if (position < 0) {
        throw new AuthenticationError(`Invalid webhook-signature: ${reason}`);
      }
      checkDeliveryField('webhook-id', headers['webhook-id'], 255);
      const { eventType } = checkIncidentIoPayload(request.json());
      checkDeliveryField('event_type', eventType, 128);
      return {
        deliveryId: headers['webhook-id'],
        eventName: eventType,
        verifiedBy: described[position],
      };
    },
    // Deliveries about one incident merge into its stored state: in turn.
    serializationKey(payload) {
      try {
        const { incident } = checkIncidentIoPayload(payload);
        return incident ? `incident-io:${incident.id}` : 'incident-io';
      } catch (e) {
        if (e instanceof InputError) return 'incident-io';
        throw e;
      }
    },
    async map(delivery, store) {
      const { incident } = checkIncidentIoPayload(delivery.payload);
      if (!incident || isPracticeIncident(incident)) {
        return [];
      }
      const existing = await store.getIncident('incident-io', incident.id);
      const updatedAt = Date.parse(incident.updated_at);
      if (statusOfCategory(incident) === 'removed') {
        const newer = updatedAt >= (existing?.statusAt ?? 0);
        // Declined, merged into another, or canceled: not an incident of its own.
        if (newer) {
          await store.deleteEvent(
            'incident',
            'incident-io',
            incident.id,
            updatedAt,
          );
        }
        return [];
      }
      // An update from before the removal, delivered after it, does not bring it back.
      const deletedAt = await store.deletedAt(
        'incident',
        'incident-io',
        incident.id,
      );
      if (deletedAt !== undefined && updatedAt <= deletedAt) {
        return [];
      }
      return [applyIncidentIoIncident(incident, existing, config.severities)];
    },
  };
}
