/** Where the committed report lives, relative to the repository root. */
export declare const REPORT_PATH: string;
/** One published entry point: its import name and the source file tsconfig.json `paths` resolves it to. */
export interface EntryPoint {
  readonly name: string;
  readonly source: string;
}
/** One exported name of an entry point. */
export interface ExportedName {
  readonly name: string;
  /** `function`, `const`, `class`, `interface`, `type`, … as a consumer sees it. */
  readonly kind: string;
  /** Whether the name exists in the JavaScript build (not a type only). */
  readonly runtime: boolean;
  /** Its typedoc `@category`, if any. */
  readonly category: string | null;
  /** Whether its doc comment has an `@example`. */
  readonly hasExample: boolean;
}
/** The published entry points under `root`, in package.json `exports` order. */
export declare function entryPoints(root: string): EntryPoint[];
/** Every exported name of every entry point under `root`, sorted by name. */
export declare function collectApi(root: string): (EntryPoint & { readonly exports: ExportedName[] })[];
/** The order of the typedoc categories under `root` (typedoc.json `categoryOrder`). */
export declare function categoryOrder(root: string): string[];
/** The text etc/api-report.md must have for `api`, its categories in `categoryOrder`. */
export declare function renderApiReport(api: ReturnType<typeof collectApi>, categoryOrder?: string[]): string;
