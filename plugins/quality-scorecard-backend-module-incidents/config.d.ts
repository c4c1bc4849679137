export interface Config {
  qualityScorecard?: {
    /**
     * Opsgenie and Jira Service Management Operations alert webhooks
     * (`POST /api/quality-scorecard/webhooks/opsgenie`), from the outgoing
     * Webhook integration. See docs/opsgenie.md.
     */
    opsgenie?: {
      /**
       * Secrets the integration sends in the `authHeader` header or as the
       * basic-auth password. A list, so that a secret can rotate. Without
       * any, the route answers 401 to every request.
       * @visibility secret
       */
      webhookSecrets?: string[];
      /** The custom header that carries the secret. Default `X-Shewhart-Token`. */
      authHeader?: string;
      /**
       * Alert priorities per level, before the defaults (P1 critical, P2
       * high, P3 medium, P4 and P5 low), e.g. `{ critical: [P1, P2] }`.
       */
      severities?: {
        critical?: string[];
        high?: string[];
        medium?: string[];
        low?: string[];
      };
      /**
       * A link to an alert, with `{alertId}` (and `{tinyId}`) filled in, e.g.
       * `https://acme.app.opsgenie.com/alert/detail/{alertId}/details`.
       * Without it, incidents carry no link.
       */
      alertUrlTemplate?: string;
    };
    /**
     * incident.io webhooks (`POST /api/quality-scorecard/webhooks/incident-io`),
     * signed the Standard Webhooks way. See docs/incident-io.md.
     */
    incidentIo?: {
      /**
       * The endpoints' signing secrets (`whsec_…`). A list, so that a secret
       * can rotate. Without any, the route answers 401 to every request.
       * @visibility secret
       */
      webhookSecrets?: string[];
      /**
       * Severity names or ranks (`rank:3`) per level, before the defaults
       * (Critical critical, Major high, Minor medium; SEV1…SEV5), e.g.
       * `{ high: [Elevated, 'rank:2'] }`.
       */
      severities?: {
        critical?: string[];
        high?: string[];
        medium?: string[];
        low?: string[];
      };
    };
  };
}
