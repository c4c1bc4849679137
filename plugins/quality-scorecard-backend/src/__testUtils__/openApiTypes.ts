/*
 * The TypeScript types of the OpenAPI document, generated with
 * openapi-typescript into quality-scorecard-common, where the frontend
 * client, the tech-insights retriever and the backend's handlers share them.
 * `yarn generate:openapi` (in this package) writes them;
 * src/schema/openapiTypes.test.ts fails while the written file differs.
 */
import fs from 'fs';
import path from 'path';
import openapiTS, { astToString } from 'openapi-typescript';
import { spec } from '../schema/openapi';

export const GENERATED_TYPES_PATH = path.resolve(
  __dirname,
  '../../../quality-scorecard-common/src/schema/openapi.generated.ts',
);

const HEADER = `/* eslint-disable */
// Generated from plugins/quality-scorecard-backend/src/schema/openapi.ts by
// \`yarn generate:openapi\` in that package; do not edit.
`;

/** The generated file's text. */
export async function renderOpenApiTypes(): Promise<string> {
  const ast = await openapiTS(JSON.parse(JSON.stringify(spec)), {
    silent: true,
  });
  return `${HEADER}${astToString(ast)}`;
}

if (require.main === module) {
  renderOpenApiTypes().then(
    text => {
      fs.writeFileSync(GENERATED_TYPES_PATH, text);
      process.stdout.write(`Wrote ${GENERATED_TYPES_PATH}\n`);
    },
    error => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exit(1);
    },
  );
}
