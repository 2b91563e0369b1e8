import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sample } from './detect';
import { DEFAULT_PROFILES } from './profiles';
import { cjkFont, reportCsv, reportPdf } from './render';
import { summarize } from './report';
import type { ComplianceReport } from './service';

const melon = DEFAULT_PROFILES.find((p) => p.id === 'hami-melon')!;
const T0 = Date.parse('2026-12-01T00:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const temps = [...Array(12).fill(3.5), ...Array(12).fill(9), ...Array(12).fill(3.5)] as number[];
const samples: Sample[] = temps.map((temperatureC, i) => ({
  deviceId: 'r1',
  seq: i,
  time: at(i * 5),
  temperatureC,
}));

function sampleReport(): ComplianceReport {
  const summary = summarize(melon, samples);
  const a = summary.alarms[0]!;
  return {
    assignment: {
      id: '00000000-0000-4000-8000-000000000001',
      equipment: 'CSQU3054383',
      organizationId: 'melon-co',
      profileId: melon.id,
      profileVersion: 1,
      journey: 'URM-DUI-20261201',
      startsAt: at(-10),
      endsAt: null,
      createdBy: 'planner-li',
    },
    profile: {
      ...melon,
      version: 1,
      silentMinutes: null,
      builtin: true,
      updatedAt: at(-100),
      updatedBy: null,
    },
    generatedAt: at(200),
    summary,
    alarms: [
      {
        id: '00000000-0000-4000-8000-000000000002',
        assignmentId: '00000000-0000-4000-8000-000000000001',
        equipment: 'CSQU3054383',
        organizationId: 'melon-co',
        profileId: melon.id,
        kind: 'excursion',
        status: 'cleared',
        severity: a.severity,
        direction: a.direction,
        startedAt: a.startedAt,
        raisedAt: a.raisedAt,
        clearedAt: a.clearedAt,
        minC: a.minC,
        maxC: a.maxC,
        maxDeviationC: a.maxDeviationC,
        outMinutes: a.outMinutes,
        acknowledgedAt: at(95),
        acknowledgedBy: 'dispatcher-wang',
      },
    ],
    series: samples.map((s) => ({ time: s.time, temperatureC: s.temperatureC })),
  };
}

describe('compliance report files', () => {
  it('CSV: BOM, bilingual headers, the figures, the run and the alarm; no formula injection', () => {
    const r = sampleReport();
    const csv = reportCsv({ ...r, assignment: { ...r.assignment, journey: '=HYPERLINK("x")' } });
    expect(csv.startsWith('\uFEFF字段 field,值 value\r\n')).toBe(true);
    expect(csv).toContain('带内时长 in band min,115\r\n');
    expect(csv).toContain('带外时长 out of band min,60\r\n');
    expect(csv).toContain('最大偏差 max deviation °C,5\r\n');
    expect(csv).toMatch(/平均动力学温度 MKT °C,\d+\.\d+\r\n/);
    expect(csv).toContain(`1,${at(60)},${at(120)},60,high,9,5,true\r\n`);
    expect(csv).toContain('critical,cleared');
    expect(csv).toContain('dispatcher-wang');
    expect(csv).toContain(`行程 journey,"'=HYPERLINK(""x"")"\r\n`);
  });

  it('PDF: a valid document with the CJK font embedded (rendered to PNG when pdftoppm is there)', async () => {
    const pdf = await reportPdf(sampleReport());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);
    const font = cjkFont();
    if (font) expect(pdf.toString('latin1')).toMatch(/\/FontFile[23]?/);
    if (existsSync('/usr/bin/pdftoppm')) {
      const dir = mkdtempSync(join(tmpdir(), 'coldchain-pdf-'));
      writeFileSync(join(dir, 'r.pdf'), pdf);
      // to look at it: LUGANG_KEEP_PDF=/tmp/report.pdf npx vitest run … render.test.ts
      if (process.env.LUGANG_KEEP_PDF) writeFileSync(process.env.LUGANG_KEEP_PDF, pdf);
      execFileSync('/usr/bin/pdftoppm', ['-r', '40', '-png', join(dir, 'r.pdf'), join(dir, 'page')]);
      expect(readdirSync(dir).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(1);
      // text extraction shows both languages when a CJK font is embedded
      if (font && existsSync('/usr/bin/pdftotext')) {
        const text = execFileSync('/usr/bin/pdftotext', [join(dir, 'r.pdf'), '-']).toString();
        expect(text).toContain('冷链合规报告');
        expect(text).toContain('Cold-chain compliance report');
        expect(text).toContain('CSQU3054383');
      }
    }
  });
});
