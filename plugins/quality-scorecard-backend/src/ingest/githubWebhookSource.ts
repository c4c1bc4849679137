import { AuthenticationError, InputError } from '@backstage/errors';
import { verify } from '@octokit/webhooks-methods';
import type {
  IssueLabelRules,
  QualityWebhookSource,
} from '@shewhart/plugin-quality-scorecard-node';
import { DEFAULT_ISSUE_LABELS, mapGithubIssue } from './githubIssues';
import { checkDeliveryField, scalar } from './deliveryFields';
import { mapGithubDelivery } from './githubWebhook';

/**
 * GitHub's webhooks (`POST /webhooks/github`): signed with
 * `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with
 * `qualityScorecard.github.webhookSecret`), named by `X-GitHub-Delivery`
 * (the same on redeliveries) and `X-GitHub-Event`.
 */
export function createGithubWebhookSource(options: {
  secret?: string;
  /** Labels that make an issue an incident or a bug (`issues` deliveries). */
  issueLabels?: IssueLabelRules;
}): QualityWebhookSource {
  return {
    id: 'github',
    async accept(request) {
      const secret = options.secret;
      if (!secret) {
        throw new AuthenticationError(
          'GitHub webhooks are not configured (qualityScorecard.github.webhookSecret)',
        );
      }
      const signature = request.header('x-hub-signature-256');
      if (!signature) {
        throw new AuthenticationError('Missing X-Hub-Signature-256 header');
      }
      let valid = false;
      try {
        valid = await verify(
          secret,
          request.rawBody.toString('utf8'),
          signature,
        );
      } catch {
        valid = false;
      }
      if (!valid) {
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
      return { deliveryId, eventName };
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
