import express from 'express';
import { z } from 'zod';
import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  type CheckDefinitionsResponse,
  type CheckHistoryEntry,
  type ChecksOverviewResponse,
  type EntityChecksWithHistory,
  type Exemption,
  type ExemptionDecision,
  type ExemptionDecisionRequest,
  type ExemptionListFilter,
  type ExemptionListResponse,
  type ExemptionRequest,
  type GateResponse,
  type OwnerChecksResponse,
  qualityScorecardExemptionReviewPermission,
  qualityScorecardReadPermission,
} from '@shewhart/plugin-quality-scorecard-common';
import { Authorize } from '../http/router';
import type { EntityAccess } from '../permissions/EntityAccess';
import { visibleRefs } from '../permissions/visibility';
import { ChecksService } from './ChecksService';

const refFromParams = (params: Record<string, string>) =>
  stringifyEntityRef({
    kind: params.kind,
    namespace: params.namespace,
    name: params.name,
  });

/** An entity ref as stored; one that does not parse is the caller's mistake (400, not 500). */
function normalizedRef(ref: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref));
  } catch {
    throw new InputError(`entityRef: not an entity ref: '${ref}'`);
  }
}

/** Who acted: a user's entity ref, or the subject of a service or external token. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef)
    return principal.userEntityRef;
  return principal.subject ? `service:${principal.subject}` : principal.type;
}

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return parsed.data;
}

const requestSchema: z.ZodType<ExemptionRequest> = z
  .object({
    entityRef: z.string().min(1).max(255),
    checkId: z.string().min(1).max(128),
    reason: z
      .string()
      .trim()
      .min(10, 'give a reason of at least 10 characters')
      .max(2000),
    expiresAt: z.string().datetime({ offset: true }),
  })
  .strict();

const decisionSchema: z.ZodType<ExemptionDecisionRequest> = z
  .object({ note: z.string().max(2000).optional() })
  .strict();

// The bodies below are typed with -common's response types (`satisfies`), which
// the frontend's client reads too: a change on either side fails to compile.
export function checksRoutes(
  checks: ChecksService,
  deps: { access: EntityAccess; auditor: AuditorService },
  now: () => number = Date.now,
) {
  const { access, auditor } = deps;
  return (router: express.Router, authorize: Authorize) => {
    router.get('/checks', async (req, res) => {
      await authorize(req, qualityScorecardReadPermission);
      res.json(checks.definitions() satisfies CheckDefinitionsResponse);
    });
    router.get('/checks/overview', async (req, res) => {
      const seen = await access.visibilityOf(req);
      res.json(
        (await checks.overview(now(), seen)) satisfies ChecksOverviewResponse,
      );
    });
    router.get('/checks/entity/:kind/:namespace/:name', async (req, res) => {
      const ref = refFromParams(req.params);
      await access.assertRequest(req, ref, 'read');
      res.json({
        ...(await checks.entityChecks(ref, now())),
        // The store reads `status` as a string; it only ever writes evaluated
        // (pre-exemption) statuses, which is what CheckHistoryEntry says.
        history: (await checks.history(ref)) as CheckHistoryEntry[],
      } satisfies EntityChecksWithHistory);
    });
    router.get('/checks/owner/:kind/:namespace/:name', async (req, res) => {
      const seen = await access.visibilityOf(req);
      res.json(
        (await checks.ownerChecks(
          refFromParams(req.params),
          now(),
          seen,
        )) satisfies OwnerChecksResponse,
      );
    });
    router.get('/gate/:kind/:namespace/:name', async (req, res) => {
      const ref = refFromParams(req.params);
      await access.assertRequest(req, ref, 'read');
      const level = req.query.level;
      if (typeof level !== 'string' || !level)
        throw new InputError('level: required, e.g. ?level=silver');
      res.json((await checks.gate(ref, level, now())) satisfies GateResponse);
    });
    router.get('/exemptions', async (req, res) => {
      const seen = await access.visibilityOf(req);
      const status = req.query.status;
      if (
        status !== undefined &&
        !['pending', 'approved', 'denied', 'revoked'].includes(String(status))
      ) {
        throw new InputError(
          'status: one of pending, approved, denied, revoked',
        );
      }
      const entityRef =
        typeof req.query.entityRef === 'string'
          ? req.query.entityRef
          : undefined;
      const items = await checks.listExemptions(
        {
          status: status as ExemptionListFilter['status'],
          entityRefs: entityRef ? [normalizedRef(entityRef)] : undefined,
        },
        now(),
      );
      const shown = new Set(
        await visibleRefs(seen, [...new Set(items.map(e => e.entityRef))]),
      );
      res.json({
        items: items.filter(e => shown.has(e.entityRef)),
      } satisfies ExemptionListResponse);
    });
    router.post('/exemptions', async (req, res) => {
      const audit = await auditor.createEvent({
        eventId: 'exemption-request',
        severityLevel: 'medium',
        request: req,
      });
      try {
        const body = parseBody(requestSchema, req.body);
        const entityRef = normalizedRef(body.entityRef);
        const credentials = await access.assertRequest(
          req,
          entityRef,
          'requestExemption',
        );
        const exemption = await checks.requestExemption({
          entityRef,
          checkId: body.checkId,
          reason: body.reason,
          expiresAt: Date.parse(body.expiresAt),
          actor: actorOf(credentials),
          now: now(),
        });
        await audit.success({
          meta: {
            exemptionId: exemption.id,
            entityRef,
            checkId: exemption.checkId,
            requestedBy: exemption.requestedBy,
            expiresAt: exemption.expiresAt,
          },
        });
        res.status(201).json(exemption satisfies Exemption);
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    });
    for (const action of [
      'approve',
      'deny',
      'revoke',
    ] as const satisfies readonly ExemptionDecision[]) {
      router.post(`/exemptions/:id/${action}`, async (req, res) => {
        const audit = await auditor.createEvent({
          eventId: 'exemption-decision',
          severityLevel: 'medium',
          request: req,
          meta: { action, exemptionId: req.params.id },
        });
        try {
          const credentials = await authorize(
            req,
            qualityScorecardExemptionReviewPermission,
          );
          const id = Number(req.params.id);
          if (!Number.isSafeInteger(id) || id <= 0)
            throw new InputError('id: must be a positive integer');
          const { note } = parseBody(decisionSchema, req.body);
          const exemption = await checks.decideExemption(
            id,
            action,
            actorOf(credentials),
            now(),
            note,
          );
          // Both persons: who asked and who decided.
          await audit.success({
            meta: {
              action,
              exemptionId: id,
              entityRef: exemption.entityRef,
              checkId: exemption.checkId,
              requestedBy: exemption.requestedBy,
              decidedBy: exemption.decidedBy,
              status: exemption.status,
            },
          });
          res.json(exemption satisfies Exemption);
        } catch (error) {
          await audit.fail({ error: error as Error });
          throw error;
        }
      });
    }
  };
}
