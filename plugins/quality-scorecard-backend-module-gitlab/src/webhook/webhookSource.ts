import { createHash } from 'crypto';
import { AuthenticationError, InputError } from '@backstage/errors';
import {
  describeWebhookSecrets,
  QualityWebhookSource,
  secretMatchIndex,
} from '@shewhart/plugin-quality-scorecard-node';
import type { GitlabIssueRules } from '../config';
import { checkPayload } from './payloadSchemas';
import { mapGitlabDelivery, projectOf } from './mapDelivery';

function checkHeader(name: string, value: string, max: number) {
  if (value.length > max) {
    throw new InputError(`${name} must be at most ${max} characters`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new InputError(`${name} must not contain control characters`);
  }
}

/**
 * GitLab's webhooks (`POST /webhooks/gitlab`): verified by the secret token
 * in `X-Gitlab-Token` against `qualityScorecard.gitlab.webhookSecrets`,
 * named by `Idempotency-Key` (the same on GitLab's retries) or, from GitLab
 * versions without it, by a hash of the event name and the body. Not by
 * `X-Gitlab-Event-UUID`: hooks fired in one request chain share it.
 */
export function createGitlabWebhookSource(options: {
  secrets: string[];
  issues: GitlabIssueRules;
}): QualityWebhookSource {
  const described = describeWebhookSecrets(
    options.secrets,
    'qualityScorecard.gitlab.webhookSecrets',
  );
  return {
    id: 'gitlab',
    secretFingerprints: () => described,
    async accept(request) {
      if (options.secrets.length === 0) {
        throw new AuthenticationError(
          'GitLab webhooks are not configured (qualityScorecard.gitlab.webhookSecrets)',
        );
      }
      const token = request.header('x-gitlab-token');
      if (!token) {
        throw new AuthenticationError('Missing X-Gitlab-Token header');
      }
      const position = secretMatchIndex(token, options.secrets);
      if (position < 0) {
        throw new AuthenticationError('Invalid X-Gitlab-Token');
      }
      const eventName = request.header('x-gitlab-event');
      if (!eventName) {
        throw new InputError('Missing X-Gitlab-Event header');
      }
      checkHeader('X-Gitlab-Event', eventName, 128);
      const idempotencyKey = request.header('idempotency-key');
      if (idempotencyKey !== undefined) {
        checkHeader('Idempotency-Key', idempotencyKey, 255);
      }
      const payload = request.json();
      checkPayload(eventName, payload);
      const deliveryId =
        idempotencyKey ||
        `sha256:${createHash('sha256')
          .update(eventName)
          .update('\n')
          .update(request.rawBody)
          .digest('hex')}`;
      return { deliveryId, eventName, verifiedBy: described[position] };
    },
    // Deliveries about one project read and rewrite its merge requests: in turn.
    serializationKey(payload) {
      const project = projectOf(payload);
      return project
        ? `gitlab:${project.host}/${project.path.toLowerCase()}`
        : 'gitlab';
    },
    map(delivery, store) {
      return mapGitlabDelivery(
        delivery.eventName,
        delivery.payload,
        store,
        options.issues,
      );
    },
  };
}
