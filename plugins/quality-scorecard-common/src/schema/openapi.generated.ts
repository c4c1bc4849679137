/* eslint-disable */
// Generated from plugins/quality-scorecard-backend/src/schema/openapi.ts by
// `yarn generate:openapi` in that package; do not edit.
export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Liveness; reachable without credentials. */
        get: operations["Health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Every metric definition. */
        get: operations["ListMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description A batch of at most 5,000 events; answers after a durable write. Each event names its entity by `entityRef` or a locator the catalog maps: `repository` (github.com/project-slug), `gitlabProject` with `gitlabInstance?` (gitlab.com/project-slug, gitlab.com/instance; v1.1) or `pagerDutyServiceId` (pagerduty.com/service-id). */
        post: operations["IngestEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/{source}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Signed webhook deliveries of an installed webhook source: `github` (X-Hub-Signature-256), `pagerduty` (X-PagerDuty-Signature), and those of modules (qualityScorecardWebhookSourcesExtensionPoint), such as `gitlab` (X-Gitlab-Token, X-Gitlab-Event; a repeat is known by Idempotency-Key, else by a hash of event and body) from the GitLab module. Served outside the JSON validator: signatures cover the raw body. 202 when stored and mapped or queued, 200 for a delivery id already stored. */
        post: operations["Webhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/unattributed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Stored events that match no catalog entity, grouped by locator. */
        get: operations["ListUnattributed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/deliveries/failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Raw webhook deliveries set aside as failed (a payload that cannot be mapped, or every retry failed), latest first, and how many wait for a retry (admin). */
        get: operations["ListFailedDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhook-secrets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Per webhook source: each configured secret by position and fingerprint, the stored deliveries it verified in the last `days` days and when it last verified one, so that an old secret is removed once it verifies nothing (admin; docs/webhook-secrets.md). */
        get: operations["ListWebhookSecrets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Re-process stored raw deliveries and re-attribute stored events (admin). */
        post: operations["Replay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/scorecards/entity/{kind}/{namespace}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["EntityScorecard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/scorecards/entity/{kind}/{namespace}/{name}/metrics/{metricId}/chart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One metric's weekly series and control chart, equal to its series and control in the entity's full scorecard of the same window (same permissions as the scorecard). */
        get: operations["EntityMetricChart"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/scorecards/owner/{kind}/{namespace}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OwnerScorecard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/scorecards/owner/{kind}/{namespace}/{name}/metrics/{metricId}/chart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One metric's weekly series and control chart of the owner's roll-up, equal to its series and control in the full roll-up of the same window. */
        get: operations["OwnerMetricChart"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/scorecards/owner/{kind}/{namespace}/{name}/breakdown": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The owner's services (directly or through sub-groups) and direct sub-groups, each with headline metrics. */
        get: operations["OwnerBreakdown"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/scorecards/entity/{kind}/{namespace}/{name}/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["RefreshEntity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Check definitions and levels. */
        get: operations["ListChecks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checks/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Level distribution per group. */
        get: operations["ChecksOverview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checks/entity/{kind}/{namespace}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description An entity's level, each check's status (after exemptions) and the history of changes. */
        get: operations["EntityChecks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checks/owner/{kind}/{namespace}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description How many of the services an owner owns (directly or through sub-groups) hold each level. */
        get: operations["OwnerChecks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/gate/{kind}/{namespace}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description CI gate: whether the entity holds a level, with the failing checks. */
        get: operations["Gate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/exemptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ListExemptions"];
        put?: never;
        /** @description An owner requests an exemption from a check, with a reason and an expiry. */
        post: operations["RequestExemption"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/exemptions/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ApproveExemption"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/exemptions/{id}/deny": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["DenyExemption"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/exemptions/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["RevokeExemption"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/facts/by-refs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Window values of every metric, the level held and check counts of up to 1,000 entities (integrations such as tech-insights). */
        post: operations["EntitiesFacts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checks/by-refs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Levels and check results (after exemptions) of up to 1,000 entities. */
        post: operations["EntitiesChecks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/baselines/entity/{kind}/{namespace}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The control-chart baselines started for an entity, oldest period first (permission quality-scorecard.scorecard.read). */
        get: operations["ListBaselines"];
        put?: never;
        /** @description Start a new control-chart baseline from the week of `from` (permission quality-scorecard.baseline.manage on the entity; audited as baseline-start). The entity's charts take their limits from the new period at once. */
        post: operations["StartBaseline"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Every campaign (app-config and database) with its progress today, over the entities the caller may read. */
        get: operations["ListCampaigns"];
        put?: never;
        /** @description Create a database campaign (permission quality-scorecard.campaign.manage; audited as campaign-create). 409 for an id in use, in app-config or the database. */
        post: operations["CreateCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description A campaign with its owners (ranked), its entities and its daily series. */
        get: operations["GetCampaign"];
        /** @description Change an open database campaign (quality-scorecard.campaign.manage; audited as campaign-update). 409 for one from app-config or a closed one. */
        put: operations["UpdateCampaign"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns/{id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Close an open database campaign now (quality-scorecard.campaign.manage; audited as campaign-close). */
        post: operations["CloseCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns/entity/{kind}/{namespace}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The active and closed campaigns the entity is in, with its standing in each. */
        get: operations["EntityCampaigns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns/owner/{kind}/{namespace}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The active and closed campaigns that hold the owner's entities (directly or through sub-groups), with their standing. */
        get: operations["OwnerCampaigns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/lifecycle/entities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Entities with stored data that left the catalog: since when, and after when their data is deleted unless they come back (permission quality-scorecard.admin; docs/entity-lifecycle.md). */
        get: operations["ListMissingEntities"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Overview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/entity/{kind}/{namespace}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description An entity's incidents and bugs created in the window, newest first, with where they live (permission quality-scorecard.scorecard.read on the entity). */
        get: operations["ListEntityEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description The body of every error answer (@backstage/errors ErrorResponseBody). */
        Error: {
            error: {
                name: string;
                message: string;
            };
            request?: {
                method: string;
                url: string;
            };
            response: {
                statusCode: number;
            };
        };
        HealthResponse: {
            /** @enum {string} */
            status: "ok";
        };
        IngestResponse: {
            accepted: number;
            duplicates: number;
            unattributed: number;
        };
        WebhookResult: {
            deliveryId: string;
            duplicate: boolean;
            processed: boolean;
            events: number;
            /** @description Stored, and still being processed when the answer was due. */
            queued?: boolean;
        };
        UnattributedResponse: {
            items: {
                type: string;
                repository: string | null;
                pagerDutyServiceId: string | null;
                gitlabProject: string | null;
                gitlabInstance: string | null;
                locators: string[] | null;
                count: number;
            }[];
        };
        ReplayResponse: {
            /** @description Raw deliveries processed again. */
            deliveries: number;
            /** @description Stored events newly attributed to an entity. */
            attributed: number;
        };
        /** @enum {string} */
        MetricId: "deployment_frequency" | "lead_time_for_changes" | "change_failure_rate" | "time_to_restore" | "pr_throughput" | "pr_merge_rate" | "pr_cycle_time" | "incidents_per_pr" | "bugs_per_developer" | "revert_rate" | "review_coverage" | "ai_assisted_share" | "ai_policy_compliance" | "dpmo" | "sigma_level" | "failed_deployment_recovery_time" | "deployment_rework_rate" | "pr_coding_time" | "pr_pickup_time" | "pr_review_time" | "pr_deploy_time";
        MetricDefinition: {
            id: components["schemas"]["MetricId"];
            title: string;
            description: string;
            /** @enum {string} */
            unit: "days-per-week" | "seconds" | "ratio" | "prs-per-author-per-week" | "incidents-per-pr" | "bugs-per-developer" | "defects-per-million" | "sigma";
            /** @enum {string} */
            direction: "higher-is-better" | "lower-is-better";
            /** @enum {string} */
            perspective: "speed" | "stability" | "quality" | "ai";
            bands?: {
                edition: string;
                citation: string;
                ranges: {
                    /** @enum {string} */
                    band: "elite" | "high" | "medium" | "low";
                    published: string;
                    min?: number;
                    max?: number;
                    maxInclusive?: boolean;
                    onWeeklyMean?: boolean;
                }[];
            };
            /** @enum {string} */
            dora?: "throughput" | "instability";
            counterweight?: components["schemas"]["MetricId"];
            /** @enum {string} */
            chart: "u" | "p" | "xmr";
            isRatio: boolean;
            definitionUrl: string;
        };
        MetricsResponse: {
            metrics: components["schemas"]["MetricDefinition"][];
        };
        MetricValue: {
            id: components["schemas"]["MetricId"];
            value: number | null;
            n: number;
            numerator?: number;
            denominator?: number;
            previous?: number | null;
            delta?: number | null;
            /**
             * @description DORA band of the value, as the edition bandEdition names publishes it.
             * @enum {string}
             */
            band?: "elite" | "high" | "medium" | "low";
            /** @description The report edition of the band, e.g. "DORA 2024". */
            bandEdition?: string;
            flags: ("small-sample" | "no-data" | "demo-data")[];
            series: {
                start: string;
                value: number | null;
                n: number;
            }[];
            control?: components["schemas"]["ControlChart"];
        };
        AiPolicyViolation: {
            pullRequest: number;
            entityRef: string;
            url: string;
            author: string;
            title: string;
            mergedAt: string;
            policy?: string;
            signals?: string[];
            confidence?: number;
            rules: {
                id: string;
                reason: string;
            }[];
        };
        Scorecard: {
            entityRef: string;
            window: {
                from: string;
                to: string;
            };
            entities?: string[];
            demo: boolean;
            computedAt: string | null;
            metrics: components["schemas"]["MetricValue"][];
            aiPolicy: {
                applicable: number;
                compliant: number;
                rate: number | null;
                violations: components["schemas"]["AiPolicyViolation"][];
            };
            /** @description AI-assisted vs other merged PRs of the window */
            aiComparison: {
                ai: {
                    pullRequests: number;
                    incidents: number;
                    reverted: number;
                    reviewed: number;
                    incidentsPerPr: number | null;
                    revertRate: number | null;
                    reviewCoverage: number | null;
                    /** @description Median created → merged, seconds. */
                    cycleTime: number | null;
                };
                nonAi: {
                    pullRequests: number;
                    incidents: number;
                    reverted: number;
                    reviewed: number;
                    incidentsPerPr: number | null;
                    revertRate: number | null;
                    reviewCoverage: number | null;
                    /** @description Median created → merged, seconds. */
                    cycleTime: number | null;
                };
            };
        };
        OverviewRow: {
            entityRef: string;
            kind?: string;
            title?: string;
            parent?: string;
            entities: number;
            metrics: components["schemas"]["MetricValue"][];
            aiPolicy: {
                applicable: number;
                compliant: number;
                rate: number | null;
            };
        };
        OverviewResponse: {
            window: {
                from: string;
                to: string;
            };
            demo: boolean;
            groups: components["schemas"]["OverviewRow"][];
        };
        OwnerBreakdownResponse: {
            entityRef: string;
            window: {
                from: string;
                to: string;
            };
            demo: boolean;
            entities: components["schemas"]["OverviewRow"][];
            subGroups: components["schemas"]["OverviewRow"][];
        };
        RefreshResponse: {
            entityRef: string;
            /** @description Snapshot rows rewritten. */
            weeks: number;
        };
        /** @enum {string} */
        CheckStatus: "pass" | "fail" | "exempt" | "insufficient-data";
        CheckDefinitionInfo: {
            id: string;
            title: string;
            metric: string;
            /** @description e.g. "≤ 0.15" or "band ≥ high". */
            threshold: string;
            minSampleSize: number;
        };
        LevelInfo: {
            id: string;
            title: string;
            checks: string[];
        };
        CheckResult: {
            checkId: string;
            title: string;
            metric: string;
            threshold: string;
            status: components["schemas"]["CheckStatus"];
            /**
             * @description The status before exemptions.
             * @enum {string}
             */
            rawStatus: "pass" | "fail" | "insufficient-data";
            value: number | null;
            n: number;
            reason: string;
            exemption?: {
                id: number;
                expiresAt: string;
                reason: string;
            };
            evaluatedAt: string;
        };
        CheckDefinitionsResponse: {
            checks: components["schemas"]["CheckDefinitionInfo"][];
            /** @description Lowest first. */
            levels: components["schemas"]["LevelInfo"][];
            windowDays: number;
        };
        EntityChecksWithHistory: {
            entityRef: string;
            /** @description The highest level held, or null. */
            level: string | null;
            next?: {
                level: string;
                failing: string[];
            };
            results: components["schemas"]["CheckResult"][];
            levels: components["schemas"]["LevelInfo"][];
            /** @description Newest first; at most the 200 latest changes. */
            history: {
                checkId: string;
                /** @enum {string} */
                status: "pass" | "fail" | "insufficient-data";
                value: number | null;
                at: string;
            }[];
        };
        GateResponse: {
            entityRef: string;
            level: string;
            pass: boolean;
            heldLevel: string | null;
            failing: components["schemas"]["CheckResult"][];
        };
        LevelDistribution: {
            entityRef: string;
            title?: string;
            entities: number;
            /** @description level id (or "none") → entities holding it as their highest level. */
            levels: {
                [key: string]: number;
            };
        };
        ChecksOverviewResponse: {
            groups: components["schemas"]["LevelDistribution"][];
        };
        OwnerChecksResponse: {
            entityRef: string;
            title?: string;
            entities: number;
            levels: {
                [key: string]: number;
            };
            rows: {
                entityRef: string;
                level: string | null;
                failing: string[];
            }[];
        };
        Exemption: {
            id: number;
            entityRef: string;
            checkId: string;
            reason: string;
            requestedBy: string;
            requestedAt: string;
            expiresAt: string;
            /** @enum {string} */
            status: "pending" | "approved" | "denied" | "revoked";
            /** @description True once an approved exemption's expiry has passed. */
            expired: boolean;
            decidedBy?: string;
            decidedAt?: string;
            decisionNote?: string;
            audit: {
                action: string;
                actor: string;
                at: string;
                note?: string;
            }[];
        };
        ExemptionListResponse: {
            items: components["schemas"]["Exemption"][];
        };
        QualityFacts: {
            entityRef: string;
            computedAt: string | null;
            metrics: {
                deployment_frequency: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                lead_time_for_changes: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                change_failure_rate: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                time_to_restore: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                pr_throughput: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                pr_merge_rate: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                pr_cycle_time: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                incidents_per_pr: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                bugs_per_developer: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                revert_rate: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                review_coverage: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                ai_assisted_share: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                ai_policy_compliance: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                dpmo: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                sigma_level: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                failed_deployment_recovery_time: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                deployment_rework_rate: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                pr_coding_time: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                pr_pickup_time: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                pr_review_time: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
                pr_deploy_time: {
                    value: number | null;
                    n: number;
                    /** @enum {string} */
                    band?: "elite" | "high" | "medium" | "low";
                };
            };
            level: string | null;
            checks: {
                pass: number;
                fail: number;
                exempt: number;
                "insufficient-data": number;
            };
            failing: string[];
        };
        QualityFactsResponse: {
            window: {
                from: string;
                to: string;
            };
            items: components["schemas"]["QualityFacts"][];
        };
        EntitiesChecksResponse: {
            checks: components["schemas"]["CheckDefinitionInfo"][];
            levels: components["schemas"]["LevelInfo"][];
            items: {
                entityRef: string;
                level: string | null;
                next?: {
                    level: string;
                    failing: string[];
                };
                evaluatedAt: string | null;
                results: {
                    checkId: string;
                    status: components["schemas"]["CheckStatus"];
                    value: number | null;
                    n: number;
                    exemptionId?: number;
                }[];
            }[];
        };
        /** @enum {string} */
        ControlRule: "beyond-3-sigma" | "two-of-three-beyond-2-sigma" | "four-of-five-beyond-1-sigma" | "eight-on-one-side" | "beyond-limit" | "cusum";
        ControlSignal: {
            rule: components["schemas"]["ControlRule"];
            /** @description Start of the week at which the rule's run begins. */
            start: string;
            /** @description Start of the week at which the rule fired. */
            end: string;
            /** @enum {string} */
            side: "above" | "below";
            description: string;
            /** @description The rule's statistic over its threshold at the episode's strongest week (1 at the threshold); beyond-limit and cusum only. */
            strength?: number;
        };
        BaselinePeriod: {
            /** @description Start of the period's first week. */
            from: string;
            /** @description Start of the week after its last week; null while it lasts. */
            to: string | null;
            baselineWeeks: number;
            center: number | null;
            /** @enum {string} */
            source: "default" | "manual" | "rule";
            reason?: string;
            startedBy?: string;
            startedAt?: string;
        };
        ControlChart: {
            /** @enum {string} */
            chart: "u" | "p" | "np" | "xmr" | "median";
            /**
             * @description Absent: three-sigma.
             * @enum {string}
             */
            method?: "three-sigma" | "exact" | "normal";
            /** @enum {string} */
            transform?: "log";
            center: number;
            ucl: number;
            lcl: number;
            limits: ({
                start: string;
                ucl: number;
                lcl: number;
                center?: number;
            } | null)[];
            baselineWeeks: number;
            signals: components["schemas"]["ControlSignal"][];
            /** @description The rules that can raise a signal on this chart; empty when its signals are off. */
            rules?: components["schemas"]["ControlRule"][];
            /** @description Why this chart raises no signal of its own. */
            signalsOff?: string;
            falseAlarms?: {
                perYear: number;
                text: string;
            };
            /** @description The baseline periods, oldest first. */
            baselines?: components["schemas"]["BaselinePeriod"][];
            /** @description Start of the current, partial week: drawn, never signalling. */
            partialFrom?: string;
            cusum?: {
                /** @enum {string} */
                side: "above" | "below";
                shift: number;
                threshold: number;
                values: (number | null)[];
            };
        };
        BaselineRecord: {
            id: number;
            entityRef: string;
            /** @description A metric id; null: every metric. */
            metric: string | null;
            /** @description Start of the period's first week (a Monday, 00:00 UTC). */
            from: string;
            reason: string;
            /** @description The user's entity ref, or service:<subject>. */
            startedBy: string;
            startedAt: string;
        };
        EntityEventsResponse: {
            entityRef: string;
            window: {
                from: string;
                to: string;
            };
            /** @description Newest first. */
            items: {
                /** @enum {string} */
                type: "incident" | "bug";
                id: string;
                source: string;
                title: string;
                url: string | null;
                severity: string | null;
                status: string;
                createdAt: string;
                /** @description An incident's resolution; absent on a bug. */
                resolvedAt?: string | null;
                /** @description A bug's closing; absent on an incident. */
                closedAt?: string | null;
            }[];
            /** @description Whether more were created in the window than the limit let through. */
            more: boolean;
        };
        BaselinesResponse: {
            entityRef: string;
            baselines: components["schemas"]["BaselineRecord"][];
        };
        /** @description A metric of the summary view: MetricValue without series and control. */
        MetricSummary: {
            id: components["schemas"]["MetricId"];
            value: number | null;
            n: number;
            numerator?: number;
            denominator?: number;
            previous?: number | null;
            delta?: number | null;
            /**
             * @description DORA band of the value, as the edition bandEdition names publishes it.
             * @enum {string}
             */
            band?: "elite" | "high" | "medium" | "low";
            /** @description The report edition of the band, e.g. "DORA 2024". */
            bandEdition?: string;
            flags: ("small-sample" | "no-data" | "demo-data")[];
            /** @description The series' weekly values to 4 significant digits, oldest first; the last week ends at window.to. */
            weekly: (number | null)[];
            /** @description The control chart's signals. */
            signals?: components["schemas"]["ControlSignal"][];
        };
        /** @description The summary view of a scorecard: each metric without its weekly series and control chart. */
        ScorecardSummary: {
            entityRef: string;
            window: {
                from: string;
                to: string;
            };
            entities?: string[];
            demo: boolean;
            computedAt: string | null;
            metrics: components["schemas"]["MetricSummary"][];
            aiPolicy: {
                applicable: number;
                compliant: number;
                rate: number | null;
                violations: components["schemas"]["AiPolicyViolation"][];
            };
            /** @description AI-assisted vs other merged PRs of the window */
            aiComparison: {
                ai: {
                    pullRequests: number;
                    incidents: number;
                    reverted: number;
                    reviewed: number;
                    incidentsPerPr: number | null;
                    revertRate: number | null;
                    reviewCoverage: number | null;
                    /** @description Median created → merged, seconds. */
                    cycleTime: number | null;
                };
                nonAi: {
                    pullRequests: number;
                    incidents: number;
                    reverted: number;
                    reviewed: number;
                    incidentsPerPr: number | null;
                    revertRate: number | null;
                    reviewCoverage: number | null;
                    /** @description Median created → merged, seconds. */
                    cycleTime: number | null;
                };
            };
        };
        MetricChart: {
            entityRef: string;
            window: {
                from: string;
                to: string;
            };
            metric: components["schemas"]["MetricId"];
            series: {
                start: string;
                value: number | null;
                n: number;
            }[];
            control?: components["schemas"]["ControlChart"];
        };
        /** @description A level (with the levels below it), or a list of checks. */
        CampaignTarget: {
            level: string;
        } | {
            checks: string[];
        };
        /** @description Every given field must match (as the checks’ filters); none given: all entities. */
        CampaignEntityFilter: {
            kind?: string[];
            type?: string[];
            lifecycle?: string[];
            system?: string[];
            owner?: string[];
            tags?: string[];
            entityRefs?: string[];
        };
        CampaignCounts: {
            /** @description Entities in scope: selected by the filter and evaluated on a target check. */
            inScope: number;
            meeting: number;
            /** @description Not meeting, every failing check covered by an approved exemption; never counted as meeting. */
            exempted: number;
            notMeeting: number;
        };
        CampaignSummary: {
            /** @description Lower-case letters, digits and dashes. */
            id: string;
            title: string;
            description?: string;
            /** @description The group that runs the campaign (an entity ref). */
            owner: string;
            target: components["schemas"]["CampaignTarget"];
            filter: components["schemas"]["CampaignEntityFilter"];
            /** @description YYYY-MM-DD */
            startDate: string;
            /** @description YYYY-MM-DD */
            dueDate: string;
            /** @description Days before the due date on which owners are reminded. */
            reminderDays: number[];
            /** @enum {string} */
            source: "config" | "database";
            /** @enum {string} */
            state: "scheduled" | "active" | "closed";
            /** @description When an admin closed it early. */
            closedAt: string | null;
            /** @description Whole days from today to the due date (negative after it). */
            daysLeft: number;
            progress: components["schemas"]["CampaignCounts"];
        };
        CampaignListResponse: {
            items: components["schemas"]["CampaignSummary"][];
        };
        CampaignEntityProgress: {
            entityRef: string;
            owner: string;
            /** @enum {string} */
            standing: "meeting" | "exempted" | "not-meeting";
            /** @description The target checks it does not pass. */
            open: {
                checkId: string;
                title: string;
                /** @enum {string} */
                status: "fail" | "insufficient-data" | "exempt";
                exemption?: {
                    id: number;
                    expiresAt: string;
                };
            }[];
        };
        CampaignDetailResponse: {
            campaign: components["schemas"]["CampaignSummary"];
            /** @description Ranked by the share of their entities meeting the target. */
            owners: {
                owner: string;
                /** @description Entities in scope: selected by the filter and evaluated on a target check. */
                inScope: number;
                meeting: number;
                /** @description Not meeting, every failing check covered by an approved exemption; never counted as meeting. */
                exempted: number;
                notMeeting: number;
            }[];
            entities: components["schemas"]["CampaignEntityProgress"][];
            /** @description A point per day from the start to today (or the due date, or the day it was closed). */
            series: {
                /** @description YYYY-MM-DD */
                date: string;
                inScope: number;
                meeting: number;
                exempted: number;
            }[];
        };
        CampaignMembershipResponse: {
            items: {
                campaign: components["schemas"]["CampaignSummary"];
                entities: components["schemas"]["CampaignEntityProgress"][];
            }[];
        };
        /** @description Validated with zod, which names the field of a bad one (400). */
        CampaignInput: {
            /** @description Lower-case letters, digits and dashes. */
            id?: string;
            title?: string;
            description?: string;
            /** @description The group that runs the campaign (an entity ref). */
            owner?: string;
            target?: components["schemas"]["CampaignTarget"];
            filter?: components["schemas"]["CampaignEntityFilter"];
            /** @description YYYY-MM-DD */
            startDate?: string;
            /** @description YYYY-MM-DD */
            dueDate?: string;
            /** @description Days before the due date on which owners are reminded. */
            reminderDays?: number[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    Health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponse"];
                };
            };
        };
    };
    ListMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Metric definitions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricsResponse"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    IngestEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    events: unknown[];
                };
            };
        };
        responses: {
            /** @description Stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IngestResponse"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than qualityScorecard.ingestion.maxBodySize */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Webhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                source: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A delivery already stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookResult"];
                };
            };
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookResult"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotFoundError */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than qualityScorecard.ingestion.maxBodySize */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ListUnattributed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Groups */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnattributedResponse"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ListFailedDeliveries: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Counts and failed deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        retrying: number;
                        failed: number;
                        items: {
                            id: number;
                            source: string;
                            deliveryId: string;
                            eventName: string;
                            receivedAt: string;
                            failedAt: string;
                            attempts: number;
                            error: string;
                        }[];
                    };
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ListWebhookSecrets: {
        parameters: {
            query?: {
                days?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Secrets by source */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        days: number;
                        /** Format: date-time */
                        since: string;
                        sources: {
                            source: string;
                            reportsSecrets: boolean;
                            secrets: {
                                list: string | null;
                                position: number;
                                fingerprint: string;
                                deliveries: number;
                                /** Format: date-time */
                                lastVerifiedAt: string | null;
                            }[];
                            unconfigured: {
                                fingerprint: string;
                                deliveries: number;
                                /** Format: date-time */
                                lastVerifiedAt: string;
                            }[];
                        }[];
                    };
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Replay: {
        parameters: {
            query?: {
                source?: "github" | "pagerduty";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Counts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplayResponse"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    EntityScorecard: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                /** @description full (default): every field; summary: each metric without its weekly series and control chart (read them with …/metrics/{metricId}/chart). */
                view?: "summary" | "full";
            };
            header?: never;
            path: {
                kind: string;
                namespace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A scorecard (view=full) or its summary (view=summary) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Scorecard"] | components["schemas"]["ScorecardSummary"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    EntityMetricChart: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path: {
                kind: string;
                namespace: string;
                name: string;
                metricId: components["schemas"]["MetricId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metric's weekly series and control chart */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricChart"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotFoundError */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    OwnerScorecard: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                /** @description full (default): every field; summary: each metric without its weekly series and control chart (read them with …/metrics/{metricId}/chart). */
                view?: "summary" | "full";
            };
            header?: never;
            path: {
                kind: string;
                namespace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A scorecard (view=full) or its summary (view=summary) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Scorecard"] | components["schemas"]["ScorecardSummary"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotFoundError */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    OwnerMetricChart: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path: {
                kind: string;
                namespace: string;
                name: string;
                metricId: components["schemas"]["MetricId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metric's weekly series and control chart */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricChart"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotFoundError */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    OwnerBreakdown: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path: {
                kind: string;
                namespace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OwnerBreakdownResponse"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotFoundError */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    RefreshEntity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                kind: string;
                namespace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Recomputed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefreshResponse"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ListChecks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Definitions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckDefinitionsResponse"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ChecksOverview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Groups */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChecksOverviewResponse"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    EntityChecks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                kind: string;
                namespace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntityChecksWithHistory"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    OwnerChecks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                kind: string;
                namespace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Distribution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OwnerChecksResponse"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotFoundError */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Gate: {
        parameters: {
            query: {
                level: string;
            };
            header?: never;
            path: {
                kind: string;
                namespace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Verdict */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GateResponse"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ListExemptions: {
        parameters: {
            query?: {
                status?: string;
                entityRef?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Exemptions with their audit trail */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExemptionListResponse"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    RequestExemption: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    entityRef: string;
                    checkId: string;
                    reason: string;
                    expiresAt: string;
                };
            };
        };
        responses: {
            /** @description Requested */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Exemption"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ApproveExemption: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Decided */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Exemption"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotFoundError */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description ConflictError */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    DenyExemption: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Decided */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Exemption"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotFoundError */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description ConflictError */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    RevokeExemption: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Decided */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Exemption"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotFoundError */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description ConflictError */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    EntitiesFacts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    entityRefs: string[];
                    windowDays?: number;
                };
            };
        };
        responses: {
            /** @description One item per entity ref, in order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QualityFactsResponse"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    EntitiesChecks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    entityRefs: string[];
                    windowDays?: number;
                };
            };
        };
        responses: {
            /** @description One item per entity ref, in order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntitiesChecksResponse"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ListBaselines: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                kind: string;
                namespace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Baselines */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BaselinesResponse"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    StartBaseline: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                kind: string;
                namespace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A metric id (GET /metrics); omitted: every metric. */
                    metric?: string;
                    /** @description An ISO-8601 date-time with an offset, in the first week of the new period; not after the current week. */
                    from?: string;
                    /** @description Why (1 to 500 characters). */
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Started */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BaselineRecord"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ListCampaigns: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Campaigns */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignListResponse"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    CreateCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CampaignInput"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignSummary"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description ConflictError */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    GetCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Campaign */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignDetailResponse"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotFoundError */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    UpdateCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CampaignInput"];
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignSummary"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotFoundError */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description ConflictError */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    CloseCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Closed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignSummary"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotFoundError */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description ConflictError */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    EntityCampaigns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                kind: string;
                namespace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Campaigns */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignMembershipResponse"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    OwnerCampaigns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                kind: string;
                namespace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Campaigns */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignMembershipResponse"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotFoundError */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ListMissingEntities: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Missing entities, longest missing first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            entityRef: string;
                            /** Format: date-time */
                            missingSince: string;
                            /** Format: date-time */
                            deleteAfter: string;
                        }[];
                    };
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Overview: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every owner group with headline metrics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OverviewResponse"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ListEntityEvents: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                type?: "incident" | "bug";
                limit?: string;
            };
            header?: never;
            path: {
                kind: string;
                namespace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Incidents and bugs, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntityEventsResponse"];
                };
            };
            /** @description InputError: a parameter or the body is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AuthenticationError: no or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NotAllowedError: the permission named in the message is denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
