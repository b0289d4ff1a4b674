/** The generated preamble of docs/errors.md. */
export declare const HEADER: string;
/** Absolute paths of docs/errors/*.md under `root`, in published order (money, time, domain, others). */
export declare function fragmentFiles(root: string): string[];
/** The full text docs/errors.md must have for the fragments under `root`. */
export declare function renderErrorsDoc(root: string): string;
/** Re-points relative links of a docs/errors/*.md fragment for the page assembled in docs/. */
export declare function rebaseLinks(markdown: string): string;
