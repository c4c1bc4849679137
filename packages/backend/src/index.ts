/*
 * The Shewhart example portal backend: the catalog, guest sign-in for local
 * use, the permission framework and the quality scorecard plugin.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
// Allow-all by default; replace with a policy module of your own.
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@shewhart/plugin-quality-scorecard-backend'));
// Backfill and sync from GitHub; off (logged) without credentials in integrations.github.
backend.add(import('@shewhart/plugin-quality-scorecard-backend-module-github'));

backend.start();
