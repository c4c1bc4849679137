import { ConfigReader } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { DatabaseQualityStore } from '../src/database/DatabaseQualityStore';
import { createScorecardServices } from '../src/scorecards/scorecardServices';
import { readPluginConfig } from '../src/config/pluginConfig';
import { parseAiPolicies, readAiPolicies } from '../src/config/aiPolicies';
import { readAiDetectionConfig } from '../src/config/aiDetection';
import { BUILT_IN_RULES } from '../src/engine/policy';
import type { OwnershipService } from '../src/scorecards/OwnershipService';
import { RecomputeWorkers } from '../src/recompute/RecomputeWorkers';

/** The scorecard services (recompute, reader) as src/plugin.ts builds them, from an empty config (the defaults). */
export function createScorecardService(
  store: DatabaseQualityStore,
  log: (...parts: unknown[]) => void,
  ownership?: OwnershipService,
) {
  const config = new ConfigReader({});
  const pluginConfig = readPluginConfig(config);
  // Recompute needs the catalog only for policies with catalog filters; the defaults have none.
  const noCatalog = {
    load: async () => {
      throw new Error('the bench recompute does not read the catalog');
    },
  } as unknown as OwnershipService;
  return createScorecardServices(store, ownership ?? noCatalog, {
    logger: benchLogger(log),
    seriesWeeks: pluginConfig.seriesWeeks,
    historyWeeks: pluginConfig.baselineHistoryWeeks,
    contextWeeks: pluginConfig.recomputeContextWeeks,
    policies: readAiPolicies(config, [...BUILT_IN_RULES]),
    workers: new RecomputeWorkers({
      logger: benchLogger(log),
      threads: pluginConfig.recomputeWorkerThreads,
      engine: {
        productionEnvironments: pluginConfig.productionEnvironments,
        aiDetection: readAiDetectionConfig(config),
        aiPolicies: parseAiPolicies(config),
      },
    }),
    version: require('../package.json').version,
    engine: {
      productionEnvironments: pluginConfig.productionEnvironments,
      aiDetection: readAiDetectionConfig(config),
    },
    aggregate: {
      minSampleSize: pluginConfig.minSampleSize,
      timeToRestoreAggregation: pluginConfig.timeToRestoreAggregation,
      baselineWeeks: pluginConfig.baselineWeeks,
      signals: pluginConfig.signals,
    },
  });
}

function benchLogger(log: (...parts: unknown[]) => void): LoggerService {
  const logger: LoggerService = {
    error: m => log('error:', m),
    warn: m => log('warn:', m),
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}
