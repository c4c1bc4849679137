/** The parts of a Jira issue the module reads, as REST v2/v3 and webhooks send them. */
export interface JiraIssue {
  id: string;
  key: string;
  /** `<baseUrl>/rest/api/<n>/issue/<id>`: names the site (and its context path). */
  self: string;
  fields: JiraIssueFields;
}

export interface JiraIssueFields {
  summary?: string | null;
  issuetype?: { name?: string | null } | null;
  project?: { key?: string | null } | null;
  components?: Array<{ name?: string | null }> | null;
  labels?: string[] | null;
  priority?: { name?: string | null } | null;
  created: string;
  updated?: string | null;
  resolutiondate?: string | null;
  statuscategorychangedate?: string | null;
  status?: { statusCategory?: { key?: string | null } | null } | null;
  /** A string (REST v2, webhooks) or an Atlassian Document (REST v3). */
  description?: unknown;
  comment?: { comments?: Array<{ body?: unknown }> | null } | null;
}

/** Severity bands a priority normalises to. */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Which issues are bugs or incidents (`qualityScorecard.jira.bugs` / `.incidents`). */
export interface IssueCategoryRule {
  /** Issue type names (case-insensitive). */
  issueTypes: string[];
  /** Labels (case-insensitive); an issue with one belongs whatever its type. */
  labels: string[];
  /** When not empty, only issues of these priorities belong. */
  priorities: string[];
  /** JQL that narrows the sync's search (not applied to webhooks). */
  jql?: string;
}

export interface IssueRules {
  bugs: IssueCategoryRule;
  incidents: IssueCategoryRule;
  /** Priority name (lower case) → severity. */
  severities: Record<string, string>;
}
