/*
 * The catalog of the synthetic organisation as one multi-document YAML file
 * (groups, users, one system per team, services), which the bench's backend
 * reads as a file location.
 */
import fs from 'fs';
import type { Group, SyntheticOrg } from './generate';

const GROUP_TYPES = { 1: 'division', 2: 'department', 3: 'team' } as const;

/** The catalog of the synthetic organisation as one multi-document YAML file. */
export function writeCatalog(org: SyntheticOrg, file: string) {
  const out = fs.createWriteStream(file);
  const lines: string[] = [];
  const flush = () => {
    out.write(lines.join('\n'));
    lines.length = 0;
  };
  const group = (g: Group) => {
    lines.push(
      '---',
      'apiVersion: backstage.io/v1alpha1',
      'kind: Group',
      'metadata:',
      `  name: ${g.name}`,
      'spec:',
      `  type: ${GROUP_TYPES[g.level]}`,
      `  profile: { displayName: ${JSON.stringify(g.name.replace('-', ' '))} }`,
      ...(g.parent ? [`  parent: group:default/${g.parent}`] : []),
      `  children: [${g.children.map(c => `group:default/${c}`).join(', ')}]`,
      '',
    );
  };
  for (const g of org.groups) group(g);
  for (const g of org.groups) {
    for (const m of g.members) {
      lines.push(
        '---',
        'apiVersion: backstage.io/v1alpha1',
        'kind: User',
        'metadata:',
        `  name: ${m}`,
        'spec:',
        `  memberOf: [group:default/${g.name}]`,
        '',
      );
    }
    if (g.level === 3) {
      lines.push(
        '---',
        'apiVersion: backstage.io/v1alpha1',
        'kind: System',
        'metadata:',
        `  name: ${g.name}-system`,
        'spec:',
        `  owner: group:default/${g.name}`,
        '',
      );
    }
  }
  flush();
  for (const s of org.services) {
    lines.push(
      '---',
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      `  name: ${s.name}`,
      '  annotations:',
      `    github.com/project-slug: ${s.slug}`,
      'spec:',
      '  type: service',
      '  lifecycle: production',
      `  owner: group:default/${s.team}`,
      `  system: ${s.team}-system`,
      '',
    );
    if (lines.length > 5000) flush();
  }
  flush();
  return new Promise<void>((resolve, reject) =>
    out.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
}
