import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AlarmState, catchUpNotice, liveMarks, milestones } from './alarm-notices';

const alarm = (over: Partial<AlarmState> = {}): AlarmState => ({
  id: 'a1',
  severity: 'minor',
  raised_at: '2026-12-01T01:00:00.000Z',
  cleared_at: null,
  acknowledged_at: null,
  withdrawn_at: null,
  ...over,
});

/** Marks a set of notices leaves, as the outbox writer sets them. */
function mark(notices: Array<{ key: string; covers: readonly string[] }>): Set<string> {
  return new Set(notices.flatMap((n) => [n.key, ...n.covers]));
}

describe('alarm notice marks', () => {
  it('a live notice marks its milestone, the raise and the escalations up to the severity it shows', () => {
    expect(liveMarks({ id: 'a1', change: 'raised', severity: 'major' })).toEqual({
      key: 'coldchain.alarm:a1:raised',
      covers: ['coldchain.alarm:a1:escalated:major'],
    });
    expect(liveMarks({ id: 'a1', change: 'cleared', severity: 'minor', clearedAt: 'T' })).toEqual({
      key: 'coldchain.alarm:a1:cleared:T',
      covers: ['coldchain.alarm:a1:raised'],
    });
    expect(liveMarks({ id: 'a1', change: 'updated', severity: 'minor' })).toBeNull();
    expect(liveMarks({ change: 'raised' })).toBeNull();
  });

  it('the catch-up queues nothing for an alarm whose every change went out live', () => {
    const raised = liveMarks({ id: 'a1', change: 'raised', severity: 'critical' })!;
    const cleared = alarm({ severity: 'critical', cleared_at: '2026-12-01T03:00:00.000Z' });
    const clearedLive = liveMarks({
      id: 'a1',
      change: 'cleared',
      severity: 'critical',
      clearedAt: cleared.cleared_at,
    })!;
    expect(catchUpNotice(alarm({ severity: 'critical' }), mark([raised]))).toBeNull();
    expect(catchUpNotice(cleared, mark([raised, clearedLive]))).toBeNull();
    // an alarm stored already cleared is announced only as cleared: nothing is missing either
    expect(catchUpNotice(cleared, mark([clearedLive]))).toBeNull();
  });

  it('a lost change is queued once, named after the latest missing milestone, covering the whole state', () => {
    const state = alarm({
      severity: 'major',
      cleared_at: '2026-12-01T03:00:00.000Z',
      acknowledged_at: '2026-12-01T04:00:00.000Z',
    });
    const first = catchUpNotice(state, new Set())!;
    expect(first.change).toBe('acknowledged');
    expect(catchUpNotice(state, mark([first.marks]))).toBeNull();
    // raised live at minor, then the escalation was lost
    const raised = liveMarks({ id: 'a1', change: 'raised', severity: 'minor' })!;
    expect(catchUpNotice(alarm({ severity: 'major' }), mark([raised]))?.change).toBe('escalated');
    expect(catchUpNotice(alarm({ withdrawn_at: 'W' }), mark([raised]))?.change).toBe('withdrawn');
    // never announced at all: raised, at the severity it has now
    const lost = catchUpNotice(alarm({ severity: 'critical' }), new Set())!;
    expect(lost.change).toBe('raised');
    expect(lost.marks.key).toBe('coldchain.alarm:a1:raised');
  });

  it('whatever was marked before, a second catch-up after the first finds nothing (property)', () => {
    const iso = fc
      .integer({ min: 0, max: 10_000 })
      .map((m) => new Date(Date.parse('2026-12-01T01:00:00Z') + m * 60_000).toISOString());
    const state = fc.record({
      id: fc.constant('a1'),
      severity: fc.constantFrom('minor', 'major', 'critical') as fc.Arbitrary<AlarmState['severity']>,
      raised_at: fc.constant('2026-12-01T01:00:00.000Z'),
      cleared_at: fc.option(iso, { nil: null }),
      acknowledged_at: fc.option(iso, { nil: null }),
      withdrawn_at: fc.option(iso, { nil: null }),
    });
    fc.assert(
      fc.property(state, fc.array(fc.nat(), { maxLength: 6 }), (a, picks) => {
        const all = milestones(a).map((m) => m.key);
        const before = new Set(picks.map((i) => all[i % all.length]!));
        const notice = catchUpNotice(a, before);
        if (!notice) {
          expect(all.every((k) => before.has(k))).toBe(true);
          return;
        }
        expect(before.has(notice.marks.key)).toBe(false);
        const after = new Set([...before, notice.marks.key, ...notice.marks.covers]);
        expect(catchUpNotice(a, after)).toBeNull();
      }),
    );
  });
});
