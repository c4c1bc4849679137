import { createHash, createHmac } from 'crypto';
import { AuthenticationError, InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import {
  describeWebhookSecrets,
  QualityWebhookSecret,
  QualityWebhookSource,
  secretMatchIndex,
} from '@shewhart/plugin-quality-scorecard-node';
import type { JiraStore } from '../database/JiraStore';
import { siteOf } from '../jira/mapIssue';
import type { IssueRules } from '../jira/types';
import { mapJiraDelivery } from './mapDelivery';
import { checkPayload } from './payloadSchemas';

/** The Data Center shared token's header (Jira DC does not sign its webhooks). */
export const TOKEN_HEADER = 'x-shewhart-webhook-token';

/**
 * Which of the secrets signed Cloud's `X-Hub-Signature: sha256=<hex>`
 * (HMAC-SHA256 of the raw body): its position, -1 when none did.
 */
export function signatureMatchIndex(
  header: string,
  body: Buffer,
  secrets: string[],
): number {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return -1;
  const given = Buffer.from(match[1].toLowerCase(), 'utf8');
  return secretMatchIndex(
    given,
    secrets.map(s =>
      Buffer.from(createHmac('sha256', s).update(body).digest('hex'), 'utf8'),
    ),
  );
}

/**
 * Jira's issue webhooks (`POST /webhooks/jira`): verified by `X-Hub-Signature`
 * (Cloud; `webhookSecrets`) or by the shared token in
 * `X-Shewhart-Webhook-Token` (Data Center; `webhookTokens`), named by
 * `X-Atlassian-Webhook-Identifier` (the same on Jira's retries), else by a
 * hash of the body.
 */
export function createJiraWebhookSource(options: {
  secrets: string[];
  tokens: string[];
  rules: IssueRules;
  store: JiraStore;
}): QualityWebhookSource {
  const described = {
    secrets: describeWebhookSecrets(
      options.secrets,
      'qualityScorecard.jira.webhookSecrets',
    ),
    tokens: describeWebhookSecrets(
      options.tokens,
      'qualityScorecard.jira.webhookTokens',
    ),
  };
  return {
    id: 'jira',
    secretFingerprints: () => [...described.secrets, ...described.tokens],
    async accept(request) {
      if (options.secrets.length === 0 && options.tokens.length === 0) {
        throw new AuthenticationError(
          'Jira webhooks are not configured (qualityScorecard.jira.webhookSecrets or webhookTokens)',
        );
      }
      const signature = request.header('x-hub-signature');
      // Data Center's webhooks cannot add a header: the token may come in the URL (`?token=`).
      const token = request.header(TOKEN_HEADER) ?? request.query('token');
      let verifiedBy: QualityWebhookSecret | undefined;
      if (signature !== undefined) {
        const position = signatureMatchIndex(
          signature,
          request.rawBody,
          options.secrets,
        );
        if (position < 0) {
          throw new AuthenticationError('Invalid X-Hub-Signature');
        }
        verifiedBy = described.secrets[position];
      } else if (token !== undefined) {
        const expected = options.tokens.map(t => Buffer.from(t, 'utf8'));
        const position = secretMatchIndex(token, expected);
        if (position < 0) {
          throw new AuthenticationError(
            'Invalid X-Shewhart-Webhook-Token (or token parameter)',
          );
        }
        verifiedBy = described.tokens[position];
      } else {
        throw new AuthenticationError(
          'Missing X-Hub-Signature (or X-Shewhart-Webhook-Token header, or token parameter)',
        );
      }
      const payload = request.json();
      const eventName = payload.webhookEvent;
      if (
        typeof eventName !== 'string' ||
        !eventName ||
        eventName.length > 128
      ) {
        throw new InputError(
          'webhookEvent is required: a string of at most 128 characters',
        );
      }
      checkPayload(eventName, payload);
      const identifier = request.header('x-atlassian-webhook-identifier');
      if (identifier !== undefined && !/^[\w.:-]{1,255}$/.test(identifier)) {
        throw new InputError(
          'X-Atlassian-Webhook-Identifier must be at most 255 letters, digits, dots, colons or dashes',
        );
      }
      const deliveryId =
        identifier ||
        `sha256:${createHash('sha256').update(request.rawBody).digest('hex')}`;
      return { deliveryId, eventName, verifiedBy };
    },
    // Deliveries about one issue compare and record its newest version: in turn.
    serializationKey(payload: JsonObject) {
      const issue = payload.issue as
        | { id?: unknown; self?: unknown }
        | undefined;
      return typeof issue?.self === 'string' && typeof issue.id === 'string'
        ? `jira:${siteOf(issue.self)}/${issue.id}`
        : 'jira';
    },
    map(delivery, store) {
      return mapJiraDelivery(delivery, store, options);
    },
  };
}
