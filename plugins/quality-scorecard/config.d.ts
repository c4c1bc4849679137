export interface Config {
  qualityScorecard?: {
    /**
     * Where metric definitions link to: the base that `docs/metrics.md#<id>`
     * is resolved against. Defaults to the Shewhart repository on GitHub.
     * @visibility frontend
     */
    docsBaseUrl?: string;
  };
}
