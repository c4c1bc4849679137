import type { LoggerService } from '@backstage/backend-plugin-api';
import type { IngestionService } from '../ingest/IngestionService';
import { generateDemoEvents } from './demoData';

/**
 * Stores the demo organisation's events (idempotent: a restart stores
 * nothing twice) and recomputes what they touched, so that the portal
 * shows scorecards at once.
 */
export async function seedDemoData(options: {
  ingestion: Pick<IngestionService, 'ingest'>;
  recompute: { recomputeDirty(): Promise<number> };
  /** The end of the demo history (epoch ms); its weeks lead up to it. */
  endAt: number;
  logger: LoggerService;
}): Promise<void> {
  const events = generateDemoEvents({ endAt: options.endAt });
  const result = await options.ingestion.ingest(events, { demo: true });
  options.logger.info(
    `Demo data: ${result.accepted} events stored, ${result.duplicates} already present`,
  );
  await options.recompute.recomputeDirty();
}
