import { createHmac } from 'crypto';
import { AuthenticationError, InputError } from '@backstage/errors';
import {
  describeWebhookSecrets,
  IssueLabelRules,
  QualityWebhookSource,
  secretMatchIndex,
} from '@shewhart/plugin-quality-scorecard-node';
import { DEFAULT_ISSUE_LABELS, mapGithubIssue } from './githubIssues';
import { checkDeliveryField, scalar } from './deliveryFields';
import { mapGithubDelivery } from './githubWebhook';

/** The config key the fingerprints of GitHub's secrets are reported under. */
export const GITHUB_SECRETS_KEY = 'qualityScorecard.github.webhookSecrets';

/**
 * GitHub's webhooks (`POST /webhooks/github`): signed with
 * `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with any of
 * `qualityScorecard.github.webhookSecrets`, several while one rotates), named
 * by `X-GitHub-Delivery` (the same on redeliveries) and `X-GitHub-Event`.
 */
export function createGithubWebhookSource(options: {
  secrets?: string[];
  /** @deprecated One secret; use `secrets`. */
  secret?: string;
  /** Labels that make an issue an incident or a bug (`issues` deliveries). */
  issueLabels?: IssueLabelRules;
}): QualityWebhookSource {
  // An empty secret would let anyone sign: it never verifies.
  const secrets = (
    options.secrets ?? (options.secret ? [options.secret] : [])
  ).filter(Boolean);
  const described = describeWebhookSecrets(secrets, GITHUB_SECRETS_KEY);
  return {
    id: 'github',
    secretFingerprints: () => described,
    async accept(request) {
      if (secrets.length === 0) {
        throw new AuthenticationError(
          'GitHub webhooks are not configured (qualityScorecard.github.webhookSecrets)',
        );
      }
      const signature = request.header('x-hub-signature-256');
      if (!signature) {
        throw new AuthenticationError('Missing X-Hub-Signature-256 header');
      }
      const expected = secrets.map(
        secret =>
          `sha256=${createHmac('sha256', secret)
            .update(request.rawBody)
            .digest('hex')}`,
      );
      const position = secretMatchIndex(signature, expected);
      if (position < 0) {
        throw new AuthenticationError('Invalid X-Hub-Signature-256 signature');
      }
      const eventName = request.header('x-github-event');
      if (!eventName) {
        throw new InputError('Missing X-GitHub-Event header');
      }
      const deliveryId = request.header('x-github-delivery');
      if (!deliveryId) {
        throw new InputError('Missing X-GitHub-Delivery header');
      }
      checkDeliveryField('X-GitHub-Event', eventName, 128);
      checkDeliveryField('X-GitHub-Delivery', deliveryId, 255);
      request.json();
      return { deliveryId, eventName, verifiedBy: described[position] };
    },
    // Deliveries about one repository read and rewrite its PRs: in turn.
    serializationKey(payload) {
      const repository = (payload.repository ?? {}) as { full_name?: unknown };
      return `github:${scalar(repository.full_name).toLowerCase()}`;
    },
    map(delivery, store) {
      if (delivery.eventName === 'issues') {
        const repository = (delivery.payload.repository ?? {}) as {
          full_name?: unknown;
        };
        return typeof repository.full_name === 'string'
          ? mapGithubIssue(
              repository.full_name,
              delivery.payload,
              store,
              options.issueLabels ?? DEFAULT_ISSUE_LABELS,
            )
          : Promise.resolve([]);
      }
      return mapGithubDelivery(delivery.eventName, delivery.payload, store);
    },
  };
}
