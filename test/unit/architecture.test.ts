// The arrows allowed between the rooms of src/ (docs/architecture.md): money and time at the bottom, the pure
// domain above them (its rooms in a fixed order), ports, operations, then the adapters and the kit. A relative
// import that runs the other way, or I/O in the pure core, fails here with the offending file and line.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? files(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

/** The room of a file: a top-level folder, a domain room (`domain/schedule`), or `domain` for its shared files. */
function roomOf(file: string): string {
  const parts = relative(src, file).split('/');
  if (parts.length === 1) return 'root';
  if (parts[0] === 'domain') return parts.length > 2 ? `domain/${parts[1]}` : 'domain';
  return parts[0] as string;
}

const DOMAIN_ROOMS = [
  'domain',
  'domain/contract',
  'domain/order',
  'domain/documents',
  'domain/schedule',
  'domain/billing',
];
const PURE = ['money', 'time', ...DOMAIN_ROOMS];

/** What each room may import besides itself. The domain rooms: each only from those listed before it. */
const ALLOWED: Record<string, readonly string[]> = {
  money: [],
  time: ['money'],
  domain: ['money', 'time'],
  'domain/contract': ['money', 'time', 'domain'],
  'domain/order': ['money', 'time', 'domain', 'domain/contract'],
  'domain/documents': ['money', 'time', 'domain', 'domain/contract'],
  'domain/schedule': ['money', 'time', 'domain', 'domain/contract', 'domain/order', 'domain/documents'],
  'domain/billing': ['money', 'time', ...DOMAIN_ROOMS.slice(0, 5)],
  core: ['money', 'time', ...DOMAIN_ROOMS],
  ports: ['money', 'time', ...DOMAIN_ROOMS],
  operations: ['money', 'time', ...DOMAIN_ROOMS, 'ports'],
  memory: ['money', 'time', ...DOMAIN_ROOMS, 'ports'],
  postgres: ['money', 'time', ...DOMAIN_ROOMS, 'ports'],
  testing: ['money', 'time', ...DOMAIN_ROOMS, 'ports'],
  root: ['money', 'time', ...DOMAIN_ROOMS, 'ports', 'operations', 'core'],
};

const IMPORT = /^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm;

const imports = files(src).flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => ({
    file,
    line: text.slice(0, m.index).split('\n').length,
    spec: m[1] as string,
  }));
});

/** The file a relative import names: `x.ts`, or `x/index.ts` for a folder. */
function target(file: string, spec: string): string {
  const path = resolve(file, '..', spec);
  return existsSync(`${path}.ts`) ? `${path}.ts` : join(path, 'index.ts');
}

describe('architecture: the arrows between rooms (docs/architecture.md)', () => {
  it('every room is known', () => {
    const unknown = [...new Set(files(src).map(roomOf))].filter((r) => !(r in ALLOWED));
    expect(unknown, 'add the new room to ALLOWED and to docs/architecture.md').toEqual([]);
  });

  it('no relative import runs against the arrows', () => {
    const wrong = imports
      .filter((i) => i.spec.startsWith('.'))
      .map((i) => ({ ...i, from: roomOf(i.file), to: roomOf(target(i.file, i.spec)) }))
      .filter((i) => i.from !== i.to && !(ALLOWED[i.from] ?? []).includes(i.to))
      .map((i) => `${relative(src, i.file)}:${i.line} (${i.from}) imports ${i.spec} (${i.to})`);
    expect(wrong).toEqual([]);
  });

  it('the pure core (money, time, domain) imports no Node module and no I/O', () => {
    const io = imports
      .filter(
        (i) =>
          PURE.includes(roomOf(i.file)) &&
          (i.spec.startsWith('node:') || /^(fs|path|http|crypto)$/.test(i.spec)),
      )
      .map((i) => `${relative(src, i.file)}:${i.line} imports ${i.spec}`);
    expect(io).toEqual([]);
  });
});
