import fs from 'fs';
import {
  coreServices,
  createBackendPlugin,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { qualityScorecardPermissions } from '@shewhart/plugin-quality-scorecard-common';
import {
  AiPolicyRule,
  QualityEntityLocator,
  QualityEventSource,
  QualityVerifiedWebhookFeed,
  QualityWebhookSource,
  qualityScorecardEventSourcesExtensionPoint,
  qualityScorecardLocatorsExtensionPoint,
  qualityScorecardPolicyRulesExtensionPoint,
  qualityScorecardVerifiedWebhooksExtensionPoint,
  qualityScorecardWebhookSourcesExtensionPoint,
} from '@shewhart/plugin-quality-scorecard-node';
import { BUILT_IN_RULES } from './engine/policy';
import { DatabaseChecksStore } from './checks/ChecksStore';
import { ChecksService } from './checks/ChecksService';
import { checksRoutes } from './checks/checksRoutes';
import { readCampaignsConfig } from './campaigns/campaignConfig';
import { CampaignStore } from './campaigns/CampaignStore';
import { CampaignService } from './campaigns/CampaignService';
import { campaignRoutes } from './campaigns/campaignRoutes';
import { scheduleCampaignReminders } from './campaigns/reminders';
import { FactsService } from './facts/FactsService';
import { factsRoutes } from './facts/factsRoutes';
import { registerScorecardActions } from './actions/actions';
import { DatabaseQualityStore } from './database/DatabaseQualityStore';
import { DatabaseBaselineStore } from './baselines/BaselineStore';
import { BaselineService } from './baselines/BaselineService';
import { baselineRoutes } from './baselines/baselineRoutes';
import { EntityLifecycleStore } from './lifecycle/EntityLifecycleStore';
import { EntityLifecycleService } from './lifecycle/EntityLifecycleService';
import { entityLifecycleTask } from './lifecycle/entityLifecycleTask';
import { lifecycleRoutes } from './lifecycle/lifecycleRoutes';
import { IncidentBugListing } from './listings/IncidentBugListing';
import { listingRoutes } from './listings/listingRoutes';
import { readEntityLifecycleConfig } from './lifecycle/lifecycleConfig';
import { createRouter } from './http/router';
import { EntityAccess } from './permissions/EntityAccess';
import { readQualityConfig } from './config/qualityConfig';
import {
  EntityIndex,
  catalogAnnotationIndexLoader,
} from './ingest/EntityIndex';
import { IngestionService } from './ingest/IngestionService';
import { WebhookService } from './ingest/WebhookService';
import { createGithubWebhookSource } from './ingest/githubWebhookSource';
import { createPagerDutyWebhookSource } from './ingest/pagerdutyWebhookSource';
import { ingestRoutes, webhookRoutes } from './ingest/router';
import { RecomputeWorkers } from './recompute/RecomputeWorkers';
import { createScorecardServices } from './scorecards/scorecardServices';
import { OwnershipService } from './scorecards/OwnershipService';
import { scorecardRoutes } from './scorecards/scorecardRoutes';
import { seedDemoData } from './demo/seedDemoData';
import { seedDemoCampaign } from './demo/demoCampaign';
import { attributionTask } from './tasks/attributionTask';
import { fullRecomputeTask, recomputeTask } from './tasks/recomputeTask';
import { notificationsTask } from './tasks/notificationsTask';
import { RetentionStore } from './retention/RetentionStore';
import { RetentionService } from './retention/RetentionService';
import { retentionTask } from './retention/retentionTask';
import { notifyOwnersOfCheckChanges } from './notify/checkChangeNotifications';
import { SignalNotifier } from './notify';

/** This package's version, part of the key of stored scorecards. */
function packageVersion(): string {
  try {
    const file = resolvePackagePath('@shewhart/plugin-quality-scorecard-backend', 'package.json');
    return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  } catch {
    return '';
  }
}

/**
 * The quality scorecard backend plugin.
 *
 * @public
 */
export const qualityScorecardPlugin = createBackendPlugin({
  pluginId: 'quality-scorecard',
  register(env) {
    const eventSources: QualityEventSource[] = [];
    env.registerExtensionPoint(qualityScorecardEventSourcesExtensionPoint, {
      addEventSource(source) {
        eventSources.push(source);
      },
    });
    const webhookSources: QualityWebhookSource[] = [];
    env.registerExtensionPoint(qualityScorecardWebhookSourcesExtensionPoint, {
      addWebhookSource(source) {
        if (!/^[a-z0-9-]+$/.test(source.id)) {
          throw new Error(`A webhook source id must be lower-case letters, digits and dashes, not '${source.id}'`);
        }
        if (['github', 'pagerduty'].includes(source.id) || webhookSources.some(s => s.id === source.id)) {
          throw new Error(`A webhook source with id '${source.id}' is already registered`);
        }
        webhookSources.push(source);
      },
    });
    const verifiedWebhookFeeds: QualityVerifiedWebhookFeed[] = [];
    env.registerExtensionPoint(qualityScorecardVerifiedWebhooksExtensionPoint, {
      addVerifiedWebhookFeed(feed) {
        verifiedWebhookFeeds.push(feed);
      },
    });
    const locators: QualityEntityLocator[] = [];
    env.registerExtensionPoint(qualityScorecardLocatorsExtensionPoint, {
      addLocator(locator) {
        if (!/^[a-z0-9-]+$/.test(locator.id)) {
          throw new Error(`A locator id must be lower-case letters, digits and dashes, not '${locator.id}'`);
        }
        if (locators.some(l => l.id === locator.id)) {
          throw new Error(`A locator with id '${locator.id}' is already registered`);
        }
        locators.push(locator);
      },
    });
    const policyRules: AiPolicyRule<any>[] = [...BUILT_IN_RULES];
    env.registerExtensionPoint(qualityScorecardPolicyRulesExtensionPoint, {
      addPolicyRule(rule) {
        if (policyRules.some(r => r.id === rule.id)) {
          throw new Error(`A policy rule with id '${rule.id}' is already registered`);
        }
        policyRules.push(rule);
      },
    });
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
        userInfo: coreServices.userInfo,
        lifecycle: coreServices.lifecycle,
      },
      async init(deps) {
        const qualityConfig = readQualityConfig(deps.config, { policyRules });
        const config = qualityConfig.plugin;
        deps.permissionsRegistry.addPermissions(qualityScorecardPermissions);

        const store = await DatabaseQualityStore.create({ database: deps.database });
        const baselineStore = await DatabaseBaselineStore.create({ database: deps.database });
        const lifecycleStore = await EntityLifecycleStore.create({ database: deps.database });
        const entityIndex = new EntityIndex(
          catalogAnnotationIndexLoader({ catalog: deps.catalog, auth: deps.auth, locators }),
          { logger: deps.logger, refreshIntervalMs: config.attributionRefreshMs },
        );
        const ingestion = new IngestionService(store, entityIndex, { logger: deps.logger });
        if (config.githubWebhookSecretDeprecated) {
          deps.logger.warn(
            'qualityScorecard.github.webhookSecret is deprecated: list it in qualityScorecard.github.webhookSecrets (docs/webhook-secrets.md)',
          );
        }
        const webhooks = new WebhookService(store, ingestion, {
          logger: deps.logger,
          sources: [
            createGithubWebhookSource({
              secrets: config.githubWebhookSecrets,
              issueLabels: config.githubIssueLabels,
            }),
            createPagerDutyWebhookSource({ secrets: config.pagerDutyWebhookSecrets }),
            ...webhookSources,
          ],
        });

        await deps.scheduler.scheduleTask(
          attributionTask({
            webhooks,
            ingestion,
            refreshIntervalMs: config.attributionRefreshMs,
          }),
        );

        const ownership = new OwnershipService(deps.catalog, deps.auth);
        const workers = new RecomputeWorkers({
          logger: deps.logger,
          threads: config.recomputeWorkerThreads,
          engine: {
            productionEnvironments: config.productionEnvironments,
            rework: config.rework,
            severities: config.severities,
            aiDetection: qualityConfig.aiDetection,
            aiPolicies: qualityConfig.aiPolicyDefinitions,
          },
        });
        deps.lifecycle.addShutdownHook(() => workers.close());
        const { recompute, reader: scorecards } = createScorecardServices(
          store,
          ownership,
          {
            logger: deps.logger,
            seriesWeeks: config.seriesWeeks,
            historyWeeks: config.baselineHistoryWeeks,
            contextWeeks: config.recomputeContextWeeks,
            eventsRetentionMs: qualityConfig.retention.periodsMs.events,
            policies: qualityConfig.aiPolicies,
            workers,
            version: packageVersion(),
            baselines: baselineStore,
            presence: lifecycleStore,
            claimLeaseMs: config.recomputeTimeoutMs,
            engine: {
              productionEnvironments: config.productionEnvironments,
              rework: config.rework,
              severities: config.severities,
              aiDetection: qualityConfig.aiDetection,
            },
            aggregate: {
              minSampleSize: config.minSampleSize,
              timeToRestoreAggregation: config.timeToRestoreAggregation,
              baselineWeeks: config.baselineWeeks,
              signals: config.signals,
            },
          },
        );
        // Owners hear of new control-chart signals (and, through
        // notifier.notifyCheckChange / notifyLevelChange, of failing checks).
        const notifier = await SignalNotifier.create({
          config: qualityConfig.notifications,
          database: deps.database,
          scorecards,
          notifications: deps.notifications,
          catalog: deps.catalog,
          auth: deps.auth,
          logger: deps.logger,
        });
        recompute.onRecomputed(event => notifier.onRecomputed(event));
        await deps.scheduler.scheduleTask(notificationsTask(notifier));

        // Checks are evaluated when an entity's snapshots change, not on reads.
        const checksStore = await DatabaseChecksStore.create({ database: deps.database });
        const checks = new ChecksService(
          checksStore,
          scorecards,
          ownership,
          qualityConfig.checks,
          deps.logger,
        );
        recompute.onRecomputed(async ({ entityRef, now }) => {
          await checks.evaluateEntity(entityRef, now);
        });
        checks.onChange(notifyOwnersOfCheckChanges(notifier));

        // Campaigns: a target and a due date for a set of entities (docs/campaigns.md).
        const campaigns = new CampaignService({
          store: await CampaignStore.create({ database: deps.database }),
          checksStore,
          catalog: ownership,
          checks: qualityConfig.checks,
          configured: readCampaignsConfig(deps.config, qualityConfig.checks),
        });
        // Owners hear of a campaign at its reminder days, its owner group when it closes.
        await scheduleCampaignReminders({ ...deps, campaigns });

        // Every instance drains the dirty list, each claiming its own share.
        await deps.scheduler.scheduleTask(
          recomputeTask({
            recompute,
            intervalMs: config.recomputeIntervalMs,
            timeoutMs: config.recomputeTimeoutMs,
            logger: deps.logger,
          }),
        );

        // Entities that leave the catalog: hidden, deleted after a grace period, or renamed.
        const lifecycleConfig = readEntityLifecycleConfig(deps.config);
        const lifecycle = new EntityLifecycleService(
          {
            store: lifecycleStore,
            catalog: deps.catalog,
            auth: deps.auth,
            annotationIndex: () => entityIndex.current(),
            logger: deps.logger,
            auditor: deps.auditor,
          },
          { graceMs: lifecycleConfig.graceMs },
        );
        await deps.scheduler.scheduleTask(
          entityLifecycleTask({ lifecycle, schedule: lifecycleConfig.schedule, logger: deps.logger }),
        );

        await deps.scheduler.scheduleTask(
          fullRecomputeTask({
            recompute,
            intervalMs: config.fullRecomputeIntervalMs,
            logger: deps.logger,
          }),
        );

        // Each kind of data is deleted once older than its period (docs/retention.md).
        await deps.scheduler.scheduleTask(
          retentionTask({
            retention: new RetentionService(
              await RetentionStore.create({ database: deps.database }),
              {
                ...qualityConfig.retention,
                logger: deps.logger,
                // Check history stays for the life of active and scheduled campaigns.
                checkHistoryFloor: now => campaigns.historyFloor(now),
              },
            ),
            schedule: qualityConfig.retention.schedule,
          }),
        );

        if (config.demoDataEnabled) {
          await seedDemoData({
            ingestion,
            recompute,
            endAt: config.demoDataEndAt ? Date.parse(config.demoDataEndAt) : Date.now(),
            logger: deps.logger,
          });
          // A campaign that is always half-way, with a burn-up that moves.
          await seedDemoCampaign({
            campaigns,
            db: await deps.database.getClient(),
            checks: qualityConfig.checks,
            now: Date.now(),
            logger: deps.logger,
          });
        }

        for (const source of eventSources) {
          await source.connect({
            ingest: events => ingestion.ingest(events),
            deleteEvent: (type, from, id) => store.deleteEvent(type, from, id),
          });
        }
        // Deliveries Backstage's events backend verified: the same raw log and mapping.
        for (const feed of verifiedWebhookFeeds) {
          await feed.connect({
            sourceIds: () => webhooks.sourceIds(),
            receiveVerified: (source, delivery) => webhooks.receiveVerified(source, delivery),
          });
        }

        // Entity reads and exemption requests: a basic and a catalog-entity
        // resource permission, conditions applied to roll-ups in one decision.
        const access = new EntityAccess(deps.permissions, deps.httpAuth, async () => (await ownership.load()).entities);

        // Read actions for AI agents (MCP) in the actions registry.
        registerScorecardActions({
          ...deps,
          scorecards,
          checks,
          ownership,
          access,
          campaigns,
        });

        deps.httpRouter.use(
          await createRouter({
            logger: deps.logger,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            maxBodySize: config.maxBodySize,
            rawRoutes: [webhookRoutes(webhooks)],
            routes: [
              ingestRoutes({ httpAuth: deps.httpAuth, store, ingestion, webhooks, auditor: deps.auditor }),
              scorecardRoutes({ reader: scorecards, recompute, access, auditor: deps.auditor }),
              checksRoutes(checks, { access, auditor: deps.auditor }),
              campaignRoutes(campaigns, { access, auditor: deps.auditor, ownership }),
              factsRoutes(new FactsService(scorecards, checks), access),
              baselineRoutes(new BaselineService(baselineStore), { ...deps, access }),
              lifecycleRoutes(lifecycle),
              listingRoutes({ listing: await IncidentBugListing.create({ database: deps.database }), access }),
            ],
          }),
        );
        deps.httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // Webhooks authenticate by signature, not by Backstage credentials.
        deps.httpRouter.addAuthPolicy({ path: '/webhooks', allow: 'unauthenticated' });
      },
    });
  },
});
