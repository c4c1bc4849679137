import type { QualityStore } from '../database/QualityStore';
import { RecomputeService } from '../recompute/RecomputeService';
import { ScorecardDocuments } from '../recompute/ScorecardDocuments';
import { OwnershipService } from './OwnershipService';
import { ScorecardReader } from './ScorecardReader';
import { ScorecardServiceOptions } from './scorecardOptions';

/** The write side, the read side and the stored scorecards between them, over one store. */
export interface ScorecardServices {
  recompute: RecomputeService;
  reader: ScorecardReader;
  documents: ScorecardDocuments;
}

export function createScorecardServices(
  store: QualityStore,
  ownership: OwnershipService,
  options: ScorecardServiceOptions,
): ScorecardServices {
  const documents = new ScorecardDocuments(store, options);
  return {
    documents,
    recompute: new RecomputeService(store, ownership, documents, options),
    reader: new ScorecardReader(store, ownership, documents, options),
  };
}
