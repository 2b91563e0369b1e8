/**
 * What the cold chain shows: the views of profiles, journeys ("reefers"), alarms and the compliance
 * report, the bus topic `coldchain.alarm`, and the mapping from stored rows. No I/O.
 */
import type { Violation } from '../../domain/result';
import type { Direction, Severity } from './detect';
import type { Profile } from './profiles';
import type { ComplianceSummary } from './report';
import type { AlarmRow, AssignmentRow, ProfileRow } from './repository';
import type { AlarmKind } from './silence';

export const OPERATOR_ORGANIZATION = 'port-operator';

export interface ProfileView extends Profile {
  /** The device-silent gap limit of this profile (minutes); null: the platform default. */
  readonly silentMinutes: number | null;
  /** Each edit makes a new version; a journey keeps the one it was assigned with. */
  readonly version: number;
  readonly builtin: boolean;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

export interface AssignmentView {
  readonly id: string;
  readonly equipment: string;
  readonly organizationId: string;
  readonly profileId: string;
  /** The profile version that applies to this journey (the one current when the box was assigned). */
  readonly profileVersion: number;
  readonly journey: string;
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly createdBy: string;
}

export type AlarmStatus = 'open' | 'acknowledged' | 'cleared';

export interface AlarmView {
  readonly id: string;
  readonly assignmentId: string;
  readonly equipment: string;
  readonly organizationId: string;
  readonly profileId: string;
  /** excursion: out of band past the tolerance; silent: the box's devices stopped reporting. */
  readonly kind: AlarmKind;
  readonly status: AlarmStatus;
  readonly severity: Severity;
  /** Side of the band (null for a silent alarm). */
  readonly direction: Direction | null;
  readonly startedAt: string;
  readonly raisedAt: string;
  readonly clearedAt: string | null;
  readonly minC: number;
  readonly maxC: number;
  readonly maxDeviationC: number;
  readonly outMinutes: number;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
}

/** What happened to an alarm; 'updated' (figures only) is stored but not announced. */
export type AlarmChange = 'raised' | 'escalated' | 'updated' | 'acknowledged' | 'cleared' | 'withdrawn';

/** What the bus (and so the SSE feed and the webhooks) carries: the alarm, its tenant, the change. */
export type AlarmNotice = AlarmView & { readonly change: AlarmChange };

declare module '../../platform/events/bus' {
  interface BusTopics {
    /** An alarm was raised, escalated, acknowledged, cleared or withdrawn (for `organizationId`). */
    'coldchain.alarm': AlarmNotice;
  }
}

export interface ReeferView extends AssignmentView {
  readonly profile: ProfileView | null;
  readonly latest: { time: string; temperatureC: number } | null;
  readonly activeAlarms: number;
  readonly worstSeverity: Severity | null;
}

export interface ComplianceReport {
  readonly assignment: AssignmentView;
  readonly profile: ProfileView;
  readonly generatedAt: string;
  readonly summary: ComplianceSummary;
  readonly alarms: AlarmView[];
  /** The temperatures, thinned to at most 500 points, for the chart. */
  readonly series: Array<{ time: string; temperatureC: number }>;
}

export function violation(field: string, code: string, en: string, zh: string): Violation {
  return { field, code, message: { en, zh } };
}

export const notFound = (what: string, id: string, zh: string): Violation =>
  violation('', 'http.not_found', `no ${what} ${id}`, `没有${zh} ${id}`);

export function profileView(r: ProfileRow): ProfileView {
  return {
    id: r.id,
    nameEn: r.name_en,
    nameZh: r.name_zh,
    minC: r.min_c,
    maxC: r.max_c,
    toleranceMinutes: r.tolerance_minutes,
    hysteresisC: r.hysteresis_c,
    clearMinutes: r.clear_minutes,
    silentMinutes: r.silent_minutes,
    source: r.source,
    estimate: r.estimate,
    version: r.version,
    builtin: r.builtin,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export function assignmentView(r: AssignmentRow): AssignmentView {
  return {
    id: r.id,
    equipment: r.equipment,
    organizationId: r.organization_id,
    profileId: r.profile_id,
    profileVersion: r.profile_version,
    journey: r.journey,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    createdBy: r.created_by,
  };
}

export function alarmStatus(r: Pick<AlarmRow, 'cleared_at' | 'acknowledged_at'>): AlarmStatus {
  return r.cleared_at ? 'cleared' : r.acknowledged_at ? 'acknowledged' : 'open';
}

export function alarmView(r: AlarmRow): AlarmView {
  return {
    id: r.id,
    assignmentId: r.assignment_id,
    equipment: r.equipment,
    organizationId: r.organization_id,
    profileId: r.profile_id,
    kind: r.kind,
    status: alarmStatus(r),
    severity: r.severity,
    direction: r.direction,
    startedAt: r.started_at,
    raisedAt: r.raised_at,
    clearedAt: r.cleared_at,
    minC: r.min_c,
    maxC: r.max_c,
    maxDeviationC: r.max_deviation_c,
    outMinutes: r.out_minutes,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
  };
}
