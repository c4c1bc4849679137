#!/usr/bin/env node
/*
 * Entry point of the checks vs tech-insights side-by-side: registers the
 * Backstage CLI's TypeScript transform for Node and runs
 * bench/checks-vs-tech-insights.ts. Arguments are passed through (e.g. --quick).
 */
require('@backstage/cli/config/nodeTransform.cjs');
require('./checks-vs-tech-insights.ts');
