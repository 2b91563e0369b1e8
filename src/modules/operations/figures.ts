/**
 * The live picture's figures from the projection (pure: `now` and the reference data come in), one
 * file per meaning — facts.ts (China day, reference data, TEU), kpis.ts (the KPI board), border.ts
 * (border ports and the queue forecast), assembly.ts (the assembly center), statistics.ts (a
 * period's statistics and their trace) — gathered here for the module's readers.
 */
export * from './assembly';
export * from './border';
export * from './facts';
export * from './kpis';
export * from './statistics';
