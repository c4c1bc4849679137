import { opsgenieLocator, selectorTags } from './locator';
import { opsgenieAlertLocators } from './mapAlert';

describe('selectorTags', () => {
  it.each([
    ['tag:payments', ['payments']],
    ['tag:"service:payments"', ['service:payments']],
    ['  TAG : "service:payments"  ', ['service:payments']],
    ['tag:"service:payments" OR tag:billing', ['service:payments', 'billing']],
    ['tag:payments or tag:"eu west"', ['payments', 'eu west']],
    // An OR clause on another field is left out; the tag clauses still select.
    ['tag:payments OR teams:checkout', ['payments']],
    // AND, NOT and groups select by more than tags: no keys at all.
    ['tag:payments AND tag:prod', []],
    ['NOT tag:payments', []],
    ['(tag:payments OR tag:billing)', []],
    ['message:"disk full"', []],
    ['', []],
  ])('%p selects %p', (query, tags) => {
    expect(selectorTags(query)).toEqual(tags);
  });
});

describe('opsgenieLocator', () => {
  const entity = (annotations: Record<string, string>) => ({
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'default', annotations },
  });

  it.each([
    [
      { 'opsgenie.com/team': ' Payments Team ' },
      ['opsgenie:team:Payments Team'],
    ],
    [
      {
        'opsgenie.com/component-selector': 'tag:"service:payments" OR tag:pay',
        'opsgenie.com/team': 'Payments',
      },
      [
        'opsgenie:tag:service:payments',
        'opsgenie:tag:pay',
        'opsgenie:team:Payments',
      ],
    ],
    [{ 'opsgenie.com/component-selector': 'tag:a AND tag:b' }, []],
    [{}, []],
  ])('an entity annotated %p answers to %p', (annotations, keys) => {
    expect(opsgenieLocator.keysOf(entity(annotations))).toEqual(keys);
  });

  it('gives an alert its tags first, then its teams and team responders, once each', () => {
    expect(
      opsgenieAlertLocators({
        alertId: 'x',
        createdAt: 0,
        tags: ['service:payments', 'prod'],
        teams: ['Payments'],
        team: 'Payments',
        responders: [
          { type: 'team', name: 'SRE', id: '4513b7ea' },
          { type: 'user', name: 'alice@example.com' },
        ],
      }),
    ).toEqual([
      'opsgenie:tag:service:payments',
      'opsgenie:tag:prod',
      'opsgenie:team:Payments',
      'opsgenie:team:SRE',
      'opsgenie:team:4513b7ea',
    ]);
  });
});
