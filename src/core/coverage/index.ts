export { CoverageGroups, chooseLead, type CoverageGroup, type GroupsChange } from "./groups.js";
export { compareReports, DEFAULT_RULE, type Comparison, type CoverageRule } from "./compare.js";
export { extractFeatures, type ReportFeatures } from "./features.js";
export { nameKey, normalizeName, sameName } from "./names.js";
export { CoverageLibrary, type ReportSource } from "./library.js";
