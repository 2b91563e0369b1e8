// The Cold chain page (issue 4 part 5): reefers with their live temperature sparklines against the
// cargo profile's band, the alarm list with acknowledge, the profile editor, the compliance report
// download (CSV / PDF), and the form that gives a box a profile for a journey. Live through the SSE
// feed ('coldchain.alarm', 'tracking.readings'); a slow poll keeps it right when the feed is down or
// a reading comes from a device of another tenant (the feed shows a tenant only its own devices).

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { type StreamMessage, useStream } from '../../shared/useStream';
import { useAuth } from '../auth/auth';
import { RequireRole } from '../auth/SignIn';
import { type Alarm, coldchainApi, type Point, type Profile, type Reefer, Refusal } from './api';
import { isOperator, mayEditProfiles, mayWrite, mergePoints, outOfBand, READERS, sortAlarms } from './model';
import { ProfileEditor } from './ProfileEditor';
import { Sparkline } from './Sparkline';
import './coldchain.css';

const WINDOW_MS = 6 * 3600_000;
const POLL_MS = 20_000;

const detailOf = (e: unknown) => (e instanceof Refusal || e instanceof Error ? e.message : String(e));

export function ColdChain() {
  return (
    <RequireRole roles={READERS}>
      <ColdChainPage />
    </RequireRole>
  );
}

function useTime() {
  const { locale } = useI18n();
  return useMemo(() => {
    const f = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: 'Asia/Urumqi',
    });
    return (iso: string | null) => (iso ? f.format(new Date(iso)) : '—');
  }, [locale]);
}

function ColdChainPage() {
  const { t, locale } = useI18n();
  const { me } = useAuth();
  const [reefers, setReefers] = useState<readonly Reefer[] | null>(null);
  const [alarms, setAlarms] = useState<readonly Alarm[]>([]);
  const [profiles, setProfiles] = useState<readonly Profile[]>([]);
  const [series, setSeries] = useState<Record<string, Point[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const reefersRef = useRef<readonly Reefer[]>([]);
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  // reefers, alarms and profiles; again on every change signal (version) and every POLL_MS
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload signal
  useEffect(() => {
    if (!me) return;
    const ac = new AbortController();
    Promise.all([
      coldchainApi.reefers(locale, ac.signal),
      coldchainApi.alarms(locale, ac.signal),
      coldchainApi.profiles(locale, ac.signal),
    ])
      .then(async ([r, a, p]) => {
        setReefers(r);
        reefersRef.current = r;
        setAlarms(a);
        setProfiles(p);
        setError(null);
        const since = new Date(Date.now() - WINDOW_MS).toISOString();
        const got = await Promise.all(
          r.map((x) =>
            coldchainApi.temperatures(locale, x.id, since, ac.signal).then((pts) => [x.id, pts] as const),
          ),
        );
        setSeries((cur) => {
          const next: Record<string, Point[]> = {};
          for (const [id, pts] of got) next[id] = mergePoints(cur[id] ?? [], pts, Date.now() - WINDOW_MS);
          return next;
        });
      })
      .catch((e) => {
        if (!ac.signal.aborted) setError(detailOf(e));
      });
    return () => ac.abort();
  }, [me, locale, version]);

  useEffect(() => {
    const id = setInterval(reload, POLL_MS);
    return () => clearInterval(id);
  }, [reload]);

  const onMessage = useCallback(
    (m: StreamMessage) => {
      if (m.topic === 'coldchain.alarm') {
        // several alarms may change at once (a re-evaluation): one reload for the lot
        if (!reloadTimer.current)
          reloadTimer.current = setTimeout(() => {
            reloadTimer.current = undefined;
            reload();
          }, 300);
        return;
      }
      if (m.topic !== 'tracking.readings' || !Array.isArray(m.data)) return;
      const fresh = new Map<string, Point[]>();
      for (const r of m.data as Array<{ equipment?: string; temperatureC?: number; time: string }>) {
        if (r.equipment === undefined || r.temperatureC === undefined) continue;
        for (const x of reefersRef.current)
          if (x.equipment === r.equipment && Date.parse(r.time) >= Date.parse(x.startsAt)) {
            const list = fresh.get(x.id) ?? [];
            list.push({ time: r.time, temperatureC: r.temperatureC });
            fresh.set(x.id, list);
          }
      }
      if (fresh.size === 0) return;
      setSeries((cur) => {
        const next = { ...cur };
        for (const [id, pts] of fresh) next[id] = mergePoints(cur[id] ?? [], pts, Date.now() - WINDOW_MS);
        return next;
      });
    },
    [reload],
  );
  const stream = useStream(['coldchain.alarm', 'tracking.readings'], onMessage, { enabled: !!me });

  const acknowledge = async (id: string) => {
    try {
      const a = await coldchainApi.acknowledge(locale, id);
      setAlarms((list) => list.map((x) => (x.id === a.id ? a : x)));
    } catch (e) {
      setError(detailOf(e));
    }
  };

  const download = async (r: Reefer, format: 'csv' | 'pdf') => {
    try {
      const { blob, name } = await coldchainApi.report(locale, r.id, format);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(detailOf(e));
    }
  };

  const end = async (r: Reefer) => {
    if (!window.confirm(t('coldchain.endConfirm', { box: r.equipment, journey: r.journey }))) return;
    try {
      await coldchainApi.endJourney(locale, r.id);
      reload();
    } catch (e) {
      setError(detailOf(e));
    }
  };

  const writer = mayWrite(me);
  const sorted = sortAlarms(alarms);

  return (
    <section className="cc" data-testid="coldchain-page">
      <header className="cc-head">
        <div>
          <h1>{t('coldchain.title')}</h1>
          <p>{t('coldchain.subtitle')}</p>
        </div>
        <span
          className={`cc-live ${stream.status === 'open' ? 'cc-live--on' : ''}`}
          data-testid="coldchain-live"
          data-status={stream.status}
        >
          {stream.status === 'open' ? t('coldchain.live') : t('coldchain.polling')} ·{' '}
          {t('coldchain.timeZone')}
        </span>
      </header>
      {error && (
        <p className="cc-error" role="alert" data-testid="coldchain-error">
          {t('coldchain.error', { detail: error })}
        </p>
      )}
      {reefers === null && !error && <p className="cc-note">{t('coldchain.loading')}</p>}
      <div className="cc-grid">
        <section className="cc-panel cc-reefers">
          <h2>{t('coldchain.reefers')}</h2>
          {reefers && reefers.length === 0 && (
            <p className="cc-note" data-testid="coldchain-no-reefers">
              {t('coldchain.noReefers')}
            </p>
          )}
          <div className="cc-cards">
            {reefers?.map((r) => (
              <ReeferCard
                key={r.id}
                reefer={r}
                points={series[r.id] ?? []}
                writer={writer}
                onReport={(f) => void download(r, f)}
                onEnd={() => void end(r)}
              />
            ))}
          </div>
          {writer && <AssignForm profiles={profiles} operator={isOperator(me)} onAssigned={reload} />}
        </section>
        <section className="cc-panel cc-alarms" data-testid="coldchain-alarms">
          <h2>{t('coldchain.alarms')}</h2>
          {sorted.length === 0 && <p className="cc-note">{t('coldchain.noAlarms')}</p>}
          <AlarmList alarms={sorted} writer={writer} onAcknowledge={(id) => void acknowledge(id)} />
        </section>
      </div>
      <ProfileEditor profiles={profiles} editable={mayEditProfiles(me)} onSaved={reload} />
    </section>
  );
}

function ReeferCard({
  reefer: r,
  points,
  writer,
  onReport,
  onEnd,
}: {
  readonly reefer: Reefer;
  readonly points: readonly Point[];
  readonly writer: boolean;
  readonly onReport: (format: 'csv' | 'pdf') => void;
  readonly onEnd: () => void;
}) {
  const { t, name } = useI18n();
  const time = useTime();
  const last = points[points.length - 1] ?? r.latest;
  const out = last ? outOfBand(r.profile, last.temperatureC) : false;
  const state = r.activeAlarms > 0 ? `cc-card--${r.worstSeverity ?? 'minor'}` : out ? 'cc-card--out' : '';
  return (
    <article className={`cc-card ${state}`} data-testid="coldchain-reefer" data-equipment={r.equipment}>
      <div className="cc-card-head">
        <div>
          <strong className="cc-box">{r.equipment}</strong>
          <div className="cc-sub">
            {t('coldchain.journey')} {r.journey} · {t('coldchain.owner')} {r.organizationId}
          </div>
          {r.profile && (
            <div className="cc-sub">
              {name({ zh: r.profile.nameZh, en: r.profile.nameEn })} ·{' '}
              {t('coldchain.band', { min: r.profile.minC, max: r.profile.maxC })} ·{' '}
              {t('coldchain.version', { n: r.profile.version })}
            </div>
          )}
        </div>
        <div className="cc-temp" data-testid="coldchain-temperature">
          {last ? (
            <>
              <span className={out ? 'cc-temp-value cc-temp-value--out' : 'cc-temp-value'}>
                {last.temperatureC.toFixed(1)} °C
              </span>
              <span className="cc-sub">{t('coldchain.at', { time: time(last.time) })}</span>
            </>
          ) : (
            <span className="cc-sub">{t('coldchain.noReading')}</span>
          )}
        </div>
      </div>
      {r.profile && (
        <Sparkline
          points={points}
          minC={r.profile.minC}
          maxC={r.profile.maxC}
          alarm={r.activeAlarms > 0}
          label={`${r.equipment} ${t('coldchain.band', { min: r.profile.minC, max: r.profile.maxC })}`}
        />
      )}
      <div className="cc-card-foot">
        <span
          className={r.activeAlarms > 0 ? `cc-badge cc-badge--${r.worstSeverity}` : 'cc-badge cc-badge--ok'}
          data-testid="coldchain-reefer-alarms"
          data-count={r.activeAlarms}
        >
          {r.activeAlarms > 0
            ? t('coldchain.activeAlarms', { count: r.activeAlarms })
            : t('coldchain.inBand')}
        </span>
        <span className="cc-actions">
          <button
            type="button"
            className="button button--ghost"
            data-testid="coldchain-report-csv"
            onClick={() => onReport('csv')}
          >
            {t('coldchain.reportCsv')}
          </button>
          <button
            type="button"
            className="button button--ghost"
            data-testid="coldchain-report-pdf"
            onClick={() => onReport('pdf')}
          >
            {t('coldchain.reportPdf')}
          </button>
          {writer && (
            <button type="button" className="button button--ghost" onClick={onEnd}>
              {t('coldchain.end')}
            </button>
          )}
        </span>
      </div>
    </article>
  );
}

function AlarmList({
  alarms,
  writer,
  onAcknowledge,
}: {
  readonly alarms: readonly Alarm[];
  readonly writer: boolean;
  readonly onAcknowledge: (id: string) => void;
}) {
  const { t } = useI18n();
  const time = useTime();
  if (alarms.length === 0) return null;
  return (
    <table className="cc-table">
      <thead>
        <tr>
          <th>{t('coldchain.severity')}</th>
          <th>{t('coldchain.box')}</th>
          <th>{t('coldchain.raised')}</th>
          <th>{t('coldchain.deviation')}</th>
          <th>{t('coldchain.outMinutes')}</th>
          <th>{t('coldchain.status')}</th>
        </tr>
      </thead>
      <tbody>
        {alarms.map((a) => (
          <tr
            key={a.id}
            className={a.status === 'cleared' ? 'cc-row--cleared' : ''}
            data-testid="coldchain-alarm"
            data-status={a.status}
            data-kind={a.kind}
            data-equipment={a.equipment}
          >
            <td>
              <span className={`cc-badge cc-badge--${a.severity}`}>
                {t(`coldchain.severity.${a.severity}`)}
              </span>
            </td>
            <td>
              <strong>{a.equipment}</strong>
              <div className="cc-sub">
                {a.direction === null ? t('coldchain.kind.silent') : t(`coldchain.direction.${a.direction}`)}
              </div>
            </td>
            <td>
              {time(a.raisedAt)}
              {a.clearedAt && <div className="cc-sub">→ {time(a.clearedAt)}</div>}
            </td>
            <td className="cc-num">{a.kind === 'silent' ? '—' : `${a.maxDeviationC.toFixed(1)} °C`}</td>
            <td className="cc-num">
              {t(a.kind === 'silent' ? 'coldchain.silentFor' : 'coldchain.minutes', {
                n: Math.round(a.outMinutes),
              })}
            </td>
            <td>
              <span data-testid="coldchain-alarm-status">{t(`coldchain.status.${a.status}`)}</span>
              {a.acknowledgedBy && (
                <div className="cc-sub">{t('coldchain.acknowledgedBy', { who: a.acknowledgedBy })}</div>
              )}
              {writer && !a.acknowledgedAt && (
                <button
                  type="button"
                  className="button"
                  data-testid="coldchain-alarm-ack"
                  onClick={() => onAcknowledge(a.id)}
                >
                  {t('coldchain.acknowledge')}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AssignForm({
  profiles,
  operator,
  onAssigned,
}: {
  readonly profiles: readonly Profile[];
  readonly operator: boolean;
  readonly onAssigned: () => void;
}) {
  const { t, locale, name } = useI18n();
  const [equipment, setEquipment] = useState('');
  const [profileId, setProfileId] = useState('hami-melon');
  const [journey, setJourney] = useState('');
  const [organizationId, setOrganizationId] = useState('');
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const submit = async () => {
    setRefusal(null);
    try {
      await coldchainApi.assign(locale, {
        equipment: equipment.trim().toUpperCase(),
        profileId,
        journey: journey.trim(),
        ...(operator && organizationId.trim() ? { organizationId: organizationId.trim() } : {}),
      });
      setEquipment('');
      setJourney('');
      onAssigned();
    } catch (e) {
      setRefusal(e instanceof Refusal ? e : new Refusal(0, String(e), []));
    }
  };
  return (
    <form
      className="cc-form cc-assign"
      data-testid="coldchain-assign"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{t('coldchain.assign')}</h3>
      <label className="cc-field">
        {t('coldchain.box')}
        <input
          value={equipment}
          onChange={(e) => setEquipment(e.target.value)}
          placeholder="CSQU3054383"
          data-testid="coldchain-assign-box"
        />
        {refusal?.at('equipment') && <span className="cc-field-error">{refusal.at('equipment')}</span>}
      </label>
      <label className="cc-field">
        {t('coldchain.profile')}
        <select
          value={profileId}
          onChange={(e) => setProfileId(e.target.value)}
          data-testid="coldchain-assign-profile"
        >
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {name({ zh: p.nameZh, en: p.nameEn })} ({p.minC}…{p.maxC} °C)
            </option>
          ))}
        </select>
      </label>
      <label className="cc-field">
        {t('coldchain.journey')}
        <input
          value={journey}
          onChange={(e) => setJourney(e.target.value)}
          placeholder={t('coldchain.journeyHint')}
          data-testid="coldchain-assign-journey"
        />
        {refusal?.at('journey') && <span className="cc-field-error">{refusal.at('journey')}</span>}
      </label>
      {operator && (
        <label className="cc-field">
          {t('coldchain.organization')}
          <input
            value={organizationId}
            onChange={(e) => setOrganizationId(e.target.value)}
            placeholder="port-operator"
            data-testid="coldchain-assign-org"
          />
        </label>
      )}
      <div className="cc-form-actions">
        <button type="submit" className="button" data-testid="coldchain-assign-submit">
          {t('coldchain.assignSubmit')}
        </button>
      </div>
      {refusal && !refusal.at('equipment') && !refusal.at('journey') && (
        <p className="cc-error" role="alert" data-testid="coldchain-assign-error">
          {refusal.detail}
        </p>
      )}
    </form>
  );
}
