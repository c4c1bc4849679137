import fs from 'fs';
import path from 'path';

/** Every import specifier of the engine's source files, as `file: specifier`. */
function engineImports(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (fs.statSync(file).isDirectory()) walk(file);
      else if (/\.ts$/.test(name) && !/\.test\.ts$/.test(name)) {
        const text = fs.readFileSync(file, 'utf8');
        for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
          // Relative imports as the path they reach, from the engine's folder.
          const target = m[1].startsWith('.')
            ? path.relative(__dirname, path.resolve(path.dirname(file), m[1]))
            : m[1];
          out.push(`${path.relative(__dirname, file)}: ${target}`);
        }
      }
    }
  };
  walk(__dirname);
  return out;
}

describe('the engine', () => {
  const imports = engineImports();

  it('is read: the scan finds its imports, relative ones inside the engine', () => {
    expect(imports).toContain(
      'model.ts: @shewhart/plugin-quality-scorecard-common',
    );
    expect(imports).toContain('weeklyStats.ts: model');
    expect(imports).toContain('spc/calibrated.ts: time');
  });

  it('imports no other room of the plugin (storage, ingestion, recompute, reads, HTTP)', () => {
    expect(imports.filter(i => i.includes(': ../'))).toEqual([]);
  });

  it('uses no database, HTTP, network or compression library', () => {
    expect(
      imports.filter(i =>
        /: (knex|express|express-promise-router|node-fetch|undici|zlib|pg|better-sqlite3|@backstage\/backend-plugin-api)$/.test(
          i,
        ),
      ),
    ).toEqual([]);
  });
});
