import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  type AuditorEvent,
  DefaultAuditorService,
} from '@backstage/backend-defaults/auditor';

/** An audit event as the backend's auditor would write it, error as `Name: message`. */
export interface CapturedAuditEvent {
  plugin: string;
  eventId: string;
  severityLevel: string;
  status: string;
  actorId?: string;
  meta?: object;
  error?: string;
}

/**
 * The backend's own auditor (actor from the request's credentials, the
 * initiated / succeeded / failed events), writing into `events` instead of
 * the log.
 */
export function capturingAuditorFactory(events: CapturedAuditEvent[]) {
  return createServiceFactory({
    service: coreServices.auditor,
    deps: {
      auth: coreServices.auth,
      httpAuth: coreServices.httpAuth,
      plugin: coreServices.pluginMetadata,
    },
    factory: ({ auth, httpAuth, plugin }) =>
      DefaultAuditorService.create(
        (event: AuditorEvent) => {
          events.push({
            plugin: event.plugin,
            eventId: event.eventId,
            severityLevel: event.severityLevel,
            status: event.status,
            actorId: event.actor.actorId,
            meta: event.meta,
            ...(event.status === 'failed'
              ? { error: `${event.error.name}: ${event.error.message}` }
              : {}),
          });
        },
        { auth, httpAuth, plugin },
      ),
  });
}
