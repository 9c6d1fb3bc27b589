// src/http/ is a leaf: every layer (routes, the core) may import it, so it imports nothing from
// the rest of src/ except src/shared/. This keeps it that way.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('src/http is a leaf module', () => {
  it('imports only packages, its own files and src/shared/', () => {
    const dir = import.meta.dirname;
    const imports: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const m of source.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
        imports.push(`${file}: ${m[1]}`);
      }
    }
    expect(imports.length).toBeGreaterThan(0);
    const outside = imports.filter((i) => {
      const spec = i.split(': ')[1]!;
      return spec.startsWith('.') && !spec.startsWith('./') && !spec.startsWith('../shared/');
    });
    expect(outside).toEqual([]);
  });
});
