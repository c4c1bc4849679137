import fs from 'fs';
import {
  GENERATED_TYPES_PATH,
  renderOpenApiTypes,
} from '../__testUtils__/openApiTypes';

jest.setTimeout(60_000);

describe('the generated OpenAPI types', () => {
  it('are those of the current spec (run `yarn generate:openapi` after changing it)', async () => {
    const written = fs.readFileSync(GENERATED_TYPES_PATH, 'utf8');
    const generated = await renderOpenApiTypes();
    expect(written).toEqual(generated);
    expect(generated).toContain('EntitiesFacts: {');
  });
});
