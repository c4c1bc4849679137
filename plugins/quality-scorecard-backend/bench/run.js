#!/usr/bin/env node
/*
 * Entry point of `yarn bench`: registers the Backstage CLI's TypeScript
 * transform for Node (the one `backstage-cli package start` uses) and runs
 * bench/main.ts. Arguments are passed through (e.g. --quick).
 */
require('@backstage/cli/config/nodeTransform.cjs');
require('./main.ts');
