import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { severityMap } from './jira/classify';
import type { IssueCategoryRule, IssueRules } from './jira/types';

/** A Jira site the sync reads. */
export interface JiraInstance {
  /** `https://example.atlassian.net`, or a Data Center URL with its context path. */
  baseUrl: string;
  kind: 'cloud' | 'datacenter';
  /** Cloud: basic auth with an account's email and API token. */
  email?: string;
  apiToken?: string;
  /** Data Center: a personal access token (bearer). */
  token?: string;
  /**
   * Project keys (upper case) this site holds; absent: every annotated
   * project is searched on it (set it when several sites are configured).
   */
  projects?: string[];
}

/** `qualityScorecard.jira.*`, with defaults applied. */
export interface JiraModuleConfig {
  /** Cloud: HMAC-SHA256 secrets of `X-Hub-Signature`; several while one rotates. */
  webhookSecrets: string[];
  /** Data Center: shared tokens sent in the `X-Shewhart-Webhook-Token` header. */
  webhookTokens: string[];
  rules: IssueRules;
  instances: JiraInstance[];
  sync: {
    enabled: boolean;
    historyDays: number;
    /** The cursor is moved back this far (search is eventually consistent). */
    overlapMs: number;
    pageSize: number;
    schedule: SchedulerServiceTaskScheduleDefinition;
    /** Longest single wait for a 429's Retry-After before the run stops. */
    maxRateLimitWaitMs: number;
  };
}

const PREFIX = 'qualityScorecard.jira';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { hours: 2 },
  initialDelay: { minutes: 2 },
};

function positiveInteger(c: Config | undefined, key: string, fallback: number) {
  const value = c?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `${PREFIX}.sync.${key} must be a positive integer, got ${value}`,
    );
  }
  return value;
}

function secrets(c: Config | undefined, key: string) {
  const list = c?.getOptionalStringArray(key) ?? [];
  list.forEach((secret, i) => {
    if (!secret) throw new Error(`${PREFIX}.${key}[${i}] is empty`);
  });
  return list;
}

function category(
  c: Config | undefined,
  defaults: Pick<IssueCategoryRule, 'issueTypes'>,
): IssueCategoryRule {
  return {
    issueTypes: c?.getOptionalStringArray('issueTypes') ?? defaults.issueTypes,
    labels: c?.getOptionalStringArray('labels') ?? [],
    priorities: c?.getOptionalStringArray('priorities') ?? [],
    jql: c?.getOptionalString('jql'),
  };
}

function readInstance(c: Config, i: number): JiraInstance {
  const at = `${PREFIX}.instances[${i}]`;
  const baseUrl = c.getString('baseUrl').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) {
    throw new Error(`${at}.baseUrl must be an http(s) URL, got ${baseUrl}`);
  }
  const kind = c.getOptionalString('kind') ?? 'cloud';
  if (kind !== 'cloud' && kind !== 'datacenter') {
    throw new Error(`${at}.kind must be cloud or datacenter, got ${kind}`);
  }
  const instance: JiraInstance = {
    baseUrl,
    kind,
    email: c.getOptionalString('email'),
    apiToken: c.getOptionalString('apiToken'),
    token: c.getOptionalString('token'),
    projects: c.getOptionalStringArray('projects')?.map(p => p.toUpperCase()),
  };
  if (kind === 'cloud' && !(instance.email && instance.apiToken)) {
    throw new Error(`${at}: a cloud instance needs email and apiToken`);
  }
  if (kind === 'datacenter' && !instance.token) {
    throw new Error(`${at}: a datacenter instance needs token`);
  }
  return instance;
}

export function readJiraConfig(root: Config): JiraModuleConfig {
  const c = root.getOptionalConfig(PREFIX);
  const sync = c?.getOptionalConfig('sync');
  const severities = c?.getOptionalConfig('severities');
  return {
    webhookSecrets: secrets(c, 'webhookSecrets'),
    webhookTokens: secrets(c, 'webhookTokens'),
    rules: {
      bugs: category(c?.getOptionalConfig('bugs'), { issueTypes: ['Bug'] }),
      incidents: category(c?.getOptionalConfig('incidents'), {
        issueTypes: ['Incident', '[System] Incident'],
      }),
      severities: severityMap(
        Object.fromEntries(
          (severities?.keys() ?? []).map(k => [k, severities!.getString(k)]),
        ),
      ),
    },
    instances: (c?.getOptionalConfigArray('instances') ?? []).map(readInstance),
    sync: {
      enabled: sync?.getOptionalBoolean('enabled') ?? true,
      historyDays: positiveInteger(sync, 'historyDays', 180),
      overlapMs: positiveInteger(sync, 'overlapMinutes', 5) * 60_000,
      pageSize: Math.min(positiveInteger(sync, 'pageSize', 100), 100),
      schedule: sync?.has('schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            sync.getConfig('schedule'),
          )
        : DEFAULT_SCHEDULE,
      maxRateLimitWaitMs:
        positiveInteger(sync, 'maxRateLimitWaitMinutes', 10) * 60_000,
    },
  };
}
