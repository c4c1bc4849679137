import { Config } from '@backstage/config';
import { compactName, SEVERITY_LEVELS, SeverityLevel } from './severity';

/** `qualityScorecard.opsgenie.*`, with defaults applied. */
export interface OpsgenieConfig {
  /** Accepted secrets (several while one rotates); none: every delivery is a 401. */
  webhookSecrets: string[];
  /** The custom header that carries the secret (lower case); basic auth works too. */
  authHeader: string;
  /** Priority name (compacted, `p1`) → level, before the defaults. */
  severities: Record<string, SeverityLevel>;
  /** A link to an alert, `{alertId}` and `{tinyId}` filled in; none: no link. */
  alertUrlTemplate?: string;
}

/** `qualityScorecard.incidentIo.*`, with defaults applied. */
export interface IncidentIoConfig {
  /** The endpoints' signing secrets (`whsec_…`); none: every delivery is a 401. */
  webhookSecrets: string[];
  /** Severity name (compacted) or `rank:<n>` → level, before the defaults. */
  severities: Record<string, SeverityLevel>;
}

export const DEFAULT_OPSGENIE_AUTH_HEADER = 'x-shewhart-token';

function secretsAt(c: Config | undefined, path: string): string[] {
  const secrets = c?.getOptionalStringArray('webhookSecrets') ?? [];
  secrets.forEach((secret, i) => {
    if (secret.trim().length === 0) {
      throw new Error(`${path}.webhookSecrets[${i}] is empty`);
    }
  });
  return secrets;
}

/**
 * `severities` lists names per level (`critical: [P1]`): Backstage config keys
 * cannot hold `SEV 1` or `rank:3`, values can. Read as name → level.
 */
function severitiesAt(
  c: Config | undefined,
  path: string,
): Record<string, SeverityLevel> {
  const table = c?.getOptionalConfig('severities');
  const result: Record<string, SeverityLevel> = {};
  for (const level of table?.keys() ?? []) {
    if (!(SEVERITY_LEVELS as readonly string[]).includes(level)) {
      throw new Error(
        `${path}.severities.${level} is not a level: use ${SEVERITY_LEVELS.join(
          ', ',
        )}`,
      );
    }
    for (const name of table!.getStringArray(level)) {
      result[compactName(name)] = level as SeverityLevel;
    }
  }
  return result;
}

export function readOpsgenieConfig(root: Config): OpsgenieConfig {
  const path = 'qualityScorecard.opsgenie';
  const c = root.getOptionalConfig(path);
  const authHeader = (
    c?.getOptionalString('authHeader') ?? DEFAULT_OPSGENIE_AUTH_HEADER
  )
    .trim()
    .toLowerCase();
  if (!/^[a-z0-9-]+$/.test(authHeader) || authHeader === 'authorization') {
    throw new Error(
      `${path}.authHeader must be a header name other than Authorization (basic auth is always accepted), got ${authHeader}`,
    );
  }
  return {
    webhookSecrets: secretsAt(c, path),
    authHeader,
    severities: severitiesAt(c, path),
    alertUrlTemplate: c?.getOptionalString('alertUrlTemplate'),
  };
}

export function readIncidentIoConfig(root: Config): IncidentIoConfig {
  const path = 'qualityScorecard.incidentIo';
  const c = root.getOptionalConfig(path);
  return {
    webhookSecrets: secretsAt(c, path),
    severities: severitiesAt(c, path),
  };
}
