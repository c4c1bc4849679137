// @ts-check

/**
 * The first schema: a raw delivery log, normalized events, snapshots.
 * Times are epoch milliseconds (bigint) so that SQLite and PostgreSQL compare
 * them the same way.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('qs_raw_deliveries', table => {
    table.bigIncrements('id').primary();
    table.string('source', 64).notNullable().comment('github | pagerduty');
    table.string('delivery_id', 255).notNullable();
    table.string('event_name', 128).notNullable();
    table.bigInteger('received_at').notNullable();
    table.text('payload', 'longtext').notNullable();
    table.bigInteger('processed_at').nullable();
    table.text('error').nullable();
    table.unique(['source', 'delivery_id'], {
      indexName: 'qs_raw_deliveries_source_delivery_uq',
    });
    table.index(['processed_at'], 'qs_raw_deliveries_processed_idx');
  });

  const common = (/** @type {import('knex').Knex.CreateTableBuilder} */ t) => {
    t.bigIncrements('id').primary();
    t.string('source', 128).notNullable();
    t.string('external_id', 255).notNullable();
    t.string('entity_ref', 255).nullable();
    t.string('repository', 255).nullable();
    t.string('content_hash', 64).notNullable();
    t.boolean('demo').notNullable().defaultTo(false);
    t.bigInteger('received_at').notNullable();
    t.bigInteger('updated_at').notNullable();
  };

  await knex.schema.createTable('qs_pull_requests', t => {
    common(t);
    t.integer('number').notNullable();
    t.text('title').notNullable();
    t.string('author', 255).notNullable();
    t.text('url').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('merged_at').nullable();
    t.bigInteger('closed_at').nullable();
    t.integer('additions').notNullable();
    t.integer('deletions').notNullable();
    t.integer('changed_files').notNullable();
    t.text('labels').notNullable();
    t.text('files').nullable();
    t.text('body').nullable();
    t.string('merge_commit_sha', 64).nullable();
    t.string('merged_by', 255).nullable();
    t.integer('reverts').nullable();
    t.string('head_ref', 255).nullable();
    t.text('commits', 'longtext').notNullable();
    t.text('reviews', 'longtext').notNullable();
    t.unique(['source', 'external_id'], { indexName: 'qs_pr_source_id_uq' });
    t.index(['entity_ref', 'merged_at'], 'qs_pr_entity_merged_idx');
    t.index(['repository', 'number'], 'qs_pr_repo_number_idx');
  });

  await knex.schema.createTable('qs_deployments', t => {
    common(t);
    t.string('environment', 128).notNullable();
    t.string('status', 32).notNullable();
    t.bigInteger('started_at').nullable();
    t.bigInteger('finished_at').notNullable();
    t.string('commit_sha', 64).nullable();
    t.text('pull_requests').nullable();
    t.unique(['source', 'external_id'], { indexName: 'qs_dep_source_id_uq' });
    t.index(['entity_ref', 'finished_at'], 'qs_dep_entity_finished_idx');
  });

  await knex.schema.createTable('qs_incidents', t => {
    common(t);
    t.string('pagerduty_service_id', 64).nullable();
    t.text('title').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('resolved_at').nullable();
    t.string('severity', 64).nullable();
    t.string('status', 32).nullable();
    t.bigInteger('status_at').nullable();
    t.string('caused_by_deployment', 255).nullable();
    t.integer('caused_by_pr').nullable();
    t.text('url').nullable();
    t.unique(['source', 'external_id'], { indexName: 'qs_inc_source_id_uq' });
    t.index(['entity_ref', 'created_at'], 'qs_inc_entity_created_idx');
  });

  await knex.schema.createTable('qs_bugs', t => {
    common(t);
    t.text('title').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('closed_at').nullable();
    t.integer('introduced_by_pr').nullable();
    t.text('url').nullable();
    t.unique(['source', 'external_id'], { indexName: 'qs_bug_source_id_uq' });
    t.index(['entity_ref', 'created_at'], 'qs_bug_entity_created_idx');
  });

  // Commits seen in GitHub push deliveries, joined to PRs by head branch.
  await knex.schema.createTable('qs_push_commits', t => {
    t.string('repository', 255).notNullable();
    t.string('sha', 64).notNullable();
    t.string('ref', 255).notNullable();
    t.bigInteger('authored_at').notNullable();
    t.text('message').notNullable();
    t.primary(['repository', 'sha']);
    t.index(['repository', 'ref'], 'qs_push_commits_ref_idx');
  });

  // Entities whose snapshots must be recomputed; the scheduled task drains it.
  await knex.schema.createTable('qs_dirty_entities', t => {
    t.string('entity_ref', 255).primary();
    t.bigInteger('since').notNullable().comment('earliest touched time');
    t.bigInteger('marked_at').notNullable();
  });

  // Weekly sufficient statistics per entity: reads and roll-ups pool these.
  await knex.schema.createTable('qs_snapshots', t => {
    t.string('entity_ref', 255).notNullable();
    t.bigInteger('week_start').notNullable();
    t.text('stats', 'longtext').notNullable();
    t.boolean('demo').notNullable().defaultTo(false);
    t.bigInteger('computed_at').notNullable();
    t.primary(['entity_ref', 'week_start']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'qs_snapshots',
    'qs_dirty_entities',
    'qs_push_commits',
    'qs_bugs',
    'qs_incidents',
    'qs_deployments',
    'qs_pull_requests',
    'qs_raw_deliveries',
  ]) {
    await knex.schema.dropTable(table);
  }
};
