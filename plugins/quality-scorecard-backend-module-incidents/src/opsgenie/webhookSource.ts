import { createHash } from 'crypto';
import { AuthenticationError } from '@backstage/errors';
import {
  describeWebhookSecrets,
  QualityWebhookSource,
} from '@shewhart/plugin-quality-scorecard-node';
import type { OpsgenieConfig } from '../config';
import { checkDeliveryField } from '../payloadErrors';
import { basicAuthPassword, secretMatchIndex } from '../secrets';
import { applyOpsgenieAction, opsgenieActionTime } from './mapAlert';
import { checkOpsgeniePayload, OpsgenieAlertPayload } from './payloadSchema';

/**
 * The delivery id of an alert action. Opsgenie sends none, and retries the
 * same body: the alert's id, the action and the action's time (`updatedAt`,
 * nanoseconds) name it; without `updatedAt`, a hash of the body does.
 */
export function opsgenieDeliveryId(
  payload: OpsgenieAlertPayload,
  rawBody: Buffer,
): string {
  const { alert, action } = payload;
  if (alert.updatedAt !== undefined && alert.updatedAt !== null) {
    return `${alert.alertId}/${action}/${String(alert.updatedAt)}`;
  }
  return `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

/**
 * Opsgenie's and Jira Service Management Operations' outgoing alert webhooks
 * (`POST /webhooks/opsgenie`). Neither signs, so the integration sends a
 * secret of `qualityScorecard.opsgenie.webhookSecrets`: in a custom header
 * (`authHeader`, default `X-Shewhart-Token`) or as the basic-auth password.
 */
export function createOpsgenieWebhookSource(
  config: OpsgenieConfig,
): QualityWebhookSource {
  const headerLabel = config.authHeader;
  const described = describeWebhookSecrets(
    config.webhookSecrets,
    'qualityScorecard.opsgenie.webhookSecrets',
  );
  return {
    id: 'opsgenie',
    secretFingerprints: () => described,
    async accept(request) {
      if (config.webhookSecrets.length === 0) {
        throw new AuthenticationError(
          'Opsgenie webhooks are not configured (qualityScorecard.opsgenie.webhookSecrets)',
        );
      }
      const token =
        request.header(config.authHeader) ??
        basicAuthPassword(request.header('authorization'));
      if (!token) {
        throw new AuthenticationError(
          `Missing ${headerLabel} header or basic auth password`,
        );
      }
      const position = secretMatchIndex(token, config.webhookSecrets);
      if (position < 0) {
        throw new AuthenticationError('Invalid Opsgenie webhook secret');
      }
      const payload = checkOpsgeniePayload(request.json());
      const deliveryId = opsgenieDeliveryId(payload, request.rawBody);
      checkDeliveryField(
        'delivery id (alert.alertId/action/updatedAt)',
        deliveryId,
        255,
      );
      return {
        deliveryId,
        eventName: payload.action,
        verifiedBy: described[position],
      };
    },
    // Actions on one alert merge into its stored state: in turn.
    serializationKey(payload) {
      const alertId = (payload as { alert?: { alertId?: unknown } }).alert
        ?.alertId;
      return typeof alertId === 'string' ? `opsgenie:${alertId}` : 'opsgenie';
    },
    async map(delivery, store) {
      const payload = checkOpsgeniePayload(delivery.payload);
      const actionAt = opsgenieActionTime(payload.alert);
      if (payload.action === 'Delete') {
        // A deleted alert is gone from Opsgenie: its incident leaves the metrics too.
        await store.deleteEvent(
          'incident',
          'opsgenie',
          payload.alert.alertId,
          actionAt,
        );
        return [];
      }
      // An action from before the delete, delivered after it, does not bring it back.
      const deletedAt = await store.deletedAt(
        'incident',
        'opsgenie',
        payload.alert.alertId,
      );
      if (deletedAt !== undefined && actionAt <= deletedAt) {
        return [];
      }
      const existing = await store.getIncident(
        'opsgenie',
        payload.alert.alertId,
      );
      return [applyOpsgenieAction(payload, existing, config)];
    },
  };
}
