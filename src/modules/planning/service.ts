/**
 * The three planners behind one door for the CLI and the HTTP API: each reads its contract document
 * (docs/planning-formats.md), validates it (one Violation naming the field), and answers the
 * solution document. The clock is the process's monotonic clock.
 */
import { performance } from 'node:perf_hooks';
import type { Result } from '../../domain/result';
import { runGatewayPlan } from '../gateway/solve';
import { runConsolidation } from './consolidation/solve';
import { runLoadPlan } from './load/solve';

export const PLAN_KINDS = ['load', 'consolidate', 'gateway'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export interface PlanOptions {
  readonly timeLimitMs?: number | undefined;
}

const deps = { now: () => performance.now() };

/** Solves a planning document of the given kind; the solution is the contract's solution document. */
export function solvePlanDocument(kind: PlanKind, doc: unknown, options: PlanOptions = {}): Result<unknown> {
  const limit = options.timeLimitMs === undefined ? {} : { timeLimitMs: options.timeLimitMs };
  switch (kind) {
    case 'load':
      return runLoadPlan(doc, deps, limit);
    case 'consolidate':
      return runConsolidation(doc, deps, limit);
    case 'gateway':
      return runGatewayPlan(doc, deps);
  }
}
