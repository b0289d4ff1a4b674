// `npm run api:report`: writes etc/api-report.md, every name each published entry point exports, with
// its kind and typedoc category. Every name there is a semver promise, so the file is committed and a
// change to the public surface shows up as a diff to review; test/unit/api-report.test.ts fails when
// the committed file is not what this script generates.
//
// Reads the sources, not the build: the entry points are the `exports` of package.json, each resolved
// to its source file through the `paths` of tsconfig.json (tsup builds the same files, which the test
// checks), and the TypeScript compiler API lists what they export. Needs no build, so the check is fast.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const PACKAGE_NAME = 'invoice-schedules';
export const REPORT_PATH = 'etc/api-report.md';

/**
 * The published entry points, in package.json order: the import name (`invoice-schedules/core`) and
 * the source file (relative to `root`) that tsconfig.json `paths` resolves it to.
 * @param {string} root
 * @returns {{ name: string, source: string }[]}
 */
export function entryPoints(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const tsconfig = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  if (tsconfig.error) throw new Error(ts.flattenDiagnosticMessageText(tsconfig.error.messageText, '\n'));
  const paths = tsconfig.config.compilerOptions?.paths ?? {};
  return Object.keys(pkg.exports)
    .filter((key) => key !== './package.json')
    .map((key) => {
      const name = key === '.' ? PACKAGE_NAME : `${PACKAGE_NAME}/${key.slice(2)}`;
      const [target] = paths[name] ?? [];
      if (target === undefined) throw new Error(`tsconfig.json has no "paths" entry for ${name}`);
      return { name, source: join(target).replaceAll('\\', '/') };
    });
}

/** Case-insensitive, then by code unit: the same order on every machine, whatever its locale. */
function byName(a, b) {
  const [x, y] = [a.name.toLowerCase(), b.name.toLowerCase()];
  if (x !== y) return x < y ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** What a consumer sees: a `const` holding a function is a function. */
function kindOf(symbol, checker, typeOnly) {
  const f = symbol.flags;
  const values = [];
  if (f & ts.SymbolFlags.Class) values.push('class');
  else if (f & ts.SymbolFlags.Function) values.push('function');
  else if (f & ts.SymbolFlags.Variable) {
    values.push(checker.getTypeOfSymbol(symbol).getCallSignatures().length > 0 ? 'function' : 'const');
  }
  if (f & ts.SymbolFlags.Enum) values.push('enum');
  if (f & ts.SymbolFlags.ValueModule) values.push('namespace');
  const types = [];
  if (f & ts.SymbolFlags.Interface) types.push('interface');
  if (f & ts.SymbolFlags.TypeAlias) types.push('type');
  if (typeOnly && values.length > 0) return { kind: `${values.join(' + ')} (type only)`, runtime: false };
  return { kind: [...values, ...types].join(' + '), runtime: values.length > 0 };
}

/** True when the export is written `export type { … }` or `export { type … }`. */
function isTypeOnlyExport(symbol) {
  return (symbol.declarations ?? []).some(
    (d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly),
  );
}

/**
 * Every exported name of every entry point, sorted by name.
 * @param {string} root
 * @returns {{ name: string, source: string, exports: { name: string, kind: string, runtime: boolean,
 *   category: string | null, hasExample: boolean }[] }[]}
 */
export function collectApi(root) {
  const entries = entryPoints(root);
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    { noEmit: true },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!parsed) throw new Error('cannot read tsconfig.json');
  const program = ts.createProgram({
    rootNames: entries.map((e) => join(root, e.source)),
    options: parsed.options,
  });
  const checker = program.getTypeChecker();
  return entries.map((entry) => {
    const file = program.getSourceFile(join(root, entry.source));
    const module = file && checker.getSymbolAtLocation(file);
    if (!module) throw new Error(`${entry.source} (${entry.name}) is missing or exports nothing`);
    const exports = checker.getExportsOfModule(module).map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const tags = target.getJsDocTags(checker);
      const category = tags.find((t) => t.name === 'category');
      return {
        name: symbol.name,
        ...kindOf(target, checker, isTypeOnlyExport(symbol)),
        category: category ? ts.displayPartsToString(category.text).trim() : null,
        hasExample: tags.some((t) => t.name === 'example'),
      };
    });
    return { ...entry, exports: exports.sort(byName) };
  });
}

/**
 * The order typedoc shows the categories in (typedoc.json `categoryOrder`).
 * @param {string} root
 * @returns {string[]}
 */
export function categoryOrder(root) {
  return JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')).categoryOrder ?? [];
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * A markdown table with padded columns, as Biome formats markdown (so `biome check` accepts the file).
 * @param {string[]} header
 * @param {('left' | 'right')[]} align
 * @param {string[][]} rows
 */
function table(header, align, rows) {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i].length)));
  const cell = (text, i) => (align[i] === 'right' ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const line = (cells) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = widths.map((w, i) => (align[i] === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)));
  return [line(header), `| ${rule.join(' | ')} |`, ...rows.map(line)];
}

/**
 * The report: a summary table, then per entry point its names, by typedoc category when it has them.
 * @param {ReturnType<typeof collectApi>} api
 * @param {string[]} [categoryOrder] the order of the categories (typedoc.json `categoryOrder`)
 * @returns {string}
 */
export function renderApiReport(api, categoryOrder = []) {
  const runtimeCount = (entry) => entry.exports.filter((e) => e.runtime).length;
  const lines = [
    '# API report',
    '',
    '<!-- Generated by `npm run api:report` (scripts/api-report.mjs); do not edit by hand. -->',
    '',
    'Every name each entry point of the package exports: each one is a semver promise. A change here',
    'is a change to the public API; review it like one, and give it a CHANGELOG.md entry. Kinds are',
    'what a consumer sees (a `const` holding a function is a function); runtime names are the',
    'functions, constants and classes that exist in the JavaScript build, the rest are types only.',
    '',
    ...table(
      ['Entry point', 'Names', 'Runtime', 'Types'],
      ['left', 'right', 'right', 'right'],
      api.map((entry) => {
        const n = entry.exports.length;
        const runtime = runtimeCount(entry);
        return [`\`${entry.name}\``, String(n), String(runtime), String(n - runtime)];
      }),
    ),
  ];
  for (const entry of api) {
    lines.push(
      '',
      `## \`${entry.name}\``,
      '',
      `From \`${entry.source}\`: ${plural(entry.exports.length, 'name')}, ${runtimeCount(entry)} at runtime.`,
    );
    // Lists rather than tables: adding a name changes one line, never the padding of the others.
    const item = (e) => `- \`${e.name}\`: ${e.kind}`;
    const categories = [...new Set(entry.exports.map((e) => e.category).filter((c) => c !== null))];
    if (categories.length === 0) {
      lines.push('', ...entry.exports.map(item));
      continue;
    }
    const rank = (c) => (categoryOrder.includes(c) ? categoryOrder.indexOf(c) : categoryOrder.length);
    categories.sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : 1));
    for (const category of [...categories, null]) {
      const names = entry.exports.filter((e) => e.category === category);
      if (names.length > 0) lines.push('', `### ${category ?? 'Without a category'}`, '', ...names.map(item));
    }
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const api = collectApi(root);
  const out = join(root, REPORT_PATH);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, renderApiReport(api, categoryOrder(root)));
  const counts = api.map(
    (e) => `${e.name} ${e.exports.length} (${e.exports.filter((x) => x.runtime).length} runtime)`,
  );
  console.log(`wrote ${relative(root, out)}: ${counts.join(', ')}`);
}
