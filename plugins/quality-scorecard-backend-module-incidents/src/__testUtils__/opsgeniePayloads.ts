/*
 * Opsgenie alert webhook bodies written from the documented shape (alert
 * action data of the Webhook integration): `createdAt` in epoch
 * milliseconds, `updatedAt` in nanoseconds.
 */
export interface AlertInput {
  alertId: string;
  message?: string;
  /** ISO time the alert was created. */
  createdAt: string;
  tags?: string[];
  teams?: string[];
  priority?: string | number;
}

export function alertAction(
  action: string,
  alert: AlertInput,
  /** ISO time of the action (becomes `updatedAt` in nanoseconds). */
  at: string,
  extra: Record<string, unknown> = {},
) {
  const createdAt = Date.parse(alert.createdAt);
  return {
    source: { name: '', type: 'web' },
    alert: {
      updatedAt: Date.parse(at) * 1e6,
      tags: alert.tags ?? [],
      ...(alert.teams ? { teams: alert.teams } : {}),
      message: alert.message ?? 'test alert',
      username: 'oncall@example.com',
      alertId: alert.alertId,
      source: 'monitoring',
      alias: `alias-${alert.alertId}`,
      tinyId: '17',
      createdAt,
      userId: 'daed1180-0ce8-438b-8f8e-57e1a5920a2d',
      entity: '',
      ...(alert.priority !== undefined ? { priority: alert.priority } : {}),
      ...extra,
    },
    action,
    integrationId: '37c8f316-17c6-49d7-899b-9c7e540c048d',
    integrationName: 'Shewhart',
  };
}
