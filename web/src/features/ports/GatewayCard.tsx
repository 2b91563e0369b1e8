// One border gateway: its capacity model (trains and container moves per direction, transshipment,
// shifts), the outbound capacity of the coming days as a heat strip (closures shaded, with reasons),
// and — once a scenario ran — its schedule of that scenario.

import { useI18n } from '../../i18n/locale';
import type { GatewayModelView, GatewayWhatIf } from '../../shared/api';
import { ScheduleChart } from './ScheduleChart';

interface Props {
  readonly model: GatewayModelView;
  readonly whatIf: GatewayWhatIf | null;
}

export function GatewayCard({ model, whatIf }: Props) {
  const { t, fmt, name, locale } = useI18n();
  const shifts = model.shifts.shifts.map((s) => `${name(s.names)} ${s.start}`).join(' · ');
  const full = Math.max(1, model.outbound.trainsPerDay);
  return (
    <section className="ports-card" data-testid={`ports-gateway-${model.id}`} aria-label={name(model.names)}>
      <header className="ports-card-head">
        <h2>
          <span className="gw-diamond" aria-hidden="true" />
          {name(model.names)}
          <span className="ports-code">{model.id}</span>
        </h2>
        <span className="ports-gauge">{t('ports.gauge', { a: model.gaugeMm[0], b: model.gaugeMm[1] })}</span>
      </header>
      <dl className="ports-cap">
        <div>
          <dt>{t('ports.outbound')}</dt>
          <dd>
            <b>{fmt.integer(model.outbound.trainsPerDay)}</b> {t('ports.trainsUnit')}
            <small>{t('ports.movesDay', { n: fmt.integer(model.outbound.movesPerDay) })}</small>
          </dd>
        </div>
        <div>
          <dt>{t('ports.inbound')}</dt>
          <dd>
            <b>{fmt.integer(model.inbound.trainsPerDay)}</b> {t('ports.trainsUnit')}
            <small>{t('ports.movesDay', { n: fmt.integer(model.inbound.movesPerDay) })}</small>
          </dd>
        </div>
        <div>
          <dt>{t('ports.transshipLabel')}</dt>
          <dd>
            <b>{fmt.decimal(model.transshipmentHours)}</b> {t('ports.hoursUnit')}
            <small>{t('ports.shifts', { shifts, tz: model.shifts.timeZone })}</small>
          </dd>
        </div>
      </dl>
      <h3 className="ports-h3">{t('ports.coming', { days: model.calendar.length })}</h3>
      <ol className="ports-strip" data-testid={`ports-calendar-${model.id}`}>
        {model.calendar.map((d) => (
          <li
            key={d.date}
            className={`ports-cell ports-cell--${d.state}`}
            data-date={d.date}
            data-state={d.state}
            style={{ ['--fill' as string]: String(d.outbound.trains / full) }}
            title={`${d.date} · ${t(`ports.state.${d.state}`)} · ${d.outbound.trains}`}
          >
            <span className="ports-cell-n">{d.outbound.trains}</span>
            <span className="ports-cell-d">{d.date.slice(5)}</span>
          </li>
        ))}
      </ol>
      <p className="ports-closures">
        {model.closures.length === 0
          ? t('ports.noClosures')
          : model.closures.map((c) => (
              <span key={c.id} className="ports-closure">
                {t('ports.closureLine', {
                  from: c.from,
                  to: c.to,
                  trains: c.trainsPerDay,
                  reason: locale === 'zh' ? c.reason.zh : c.reason.en,
                })}
              </span>
            ))}
      </p>
      {whatIf?.gateways.includes(model.id) && whatIf !== null && (
        <>
          <h3 className="ports-h3">{t('ports.schedule')}</h3>
          <ScheduleChart w={whatIf} gateway={model.id} />
        </>
      )}
    </section>
  );
}
