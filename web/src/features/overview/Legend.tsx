// The map legend: marker kinds, the ferry leg, and the corridor colours with their route counts.

import { useI18n } from '../../i18n/locale';
import { CORRIDOR_COLOR, CORRIDOR_LABEL, corridorCounts } from './corridors';
import type { OverviewModel } from './model';

export function Legend({ model }: { readonly model: OverviewModel }) {
  const { t } = useI18n();
  const counts = corridorCounts(model.routes.map((r) => r.corridor));
  const hasFerry = model.routes.some((r) => r.route.legs.some((l) => l.mode === 'ferry'));
  return (
    <section className="legend" aria-label={t('map.legend')}>
      <h2 className="legend-title">{t('map.routesByCorridor')}</h2>
      <ul className="legend-corridors">
        {counts.map(({ corridor, count }) => (
          <li key={corridor}>
            <span className="legend-line" style={{ background: CORRIDOR_COLOR[corridor] }} />
            {t(CORRIDOR_LABEL[corridor])}
            <span className="legend-count">{count}</span>
          </li>
        ))}
      </ul>
      <ul className="legend-markers">
        <li>
          <svg width="1.15em" height="1.15em" viewBox="0 0 18 18" aria-hidden="true">
            <circle cx="9" cy="9" r="7" className="marker-ring" />
            <circle cx="9" cy="9" r="4" fill="#ffc83d" />
          </svg>
          {t('map.assembly')}
        </li>
        <li>
          <svg width="1.15em" height="1.15em" viewBox="0 0 18 18" aria-hidden="true">
            <path d="M9,2L16,9L9,16L2,9Z" className="marker-border" />
          </svg>
          {t('map.borderGateway')}
        </li>
        <li>
          <svg width="1.15em" height="1.15em" viewBox="0 0 18 18" aria-hidden="true">
            <path d="M9,4.5L13.5,9L9,13.5L4.5,9Z" className="marker--gauge" />
          </svg>
          {t('map.gaugeBreak')}
        </li>
        <li>
          <svg width="1.15em" height="1.15em" viewBox="0 0 18 18" aria-hidden="true">
            <circle cx="9" cy="9" r="4" fill="#dfe7f2" className="marker--city" />
          </svg>
          {t('map.destination')}
        </li>
        {hasFerry && (
          <li>
            <svg width="1.15em" height="1.15em" viewBox="0 0 18 18" aria-hidden="true">
              <rect x="5" y="5" width="8" height="8" className="marker--ferry" />
            </svg>
            {t('map.ferryPort')}
          </li>
        )}
        {hasFerry && (
          <li>
            <svg width="1.15em" height="1.15em" viewBox="0 0 18 18" aria-hidden="true">
              <line
                x1="1"
                y1="9"
                x2="17"
                y2="9"
                className="map-ferry"
                strokeWidth="2.4"
                strokeDasharray="4 3"
              />
            </svg>
            {t('map.ferryLeg')}
          </li>
        )}
      </ul>
    </section>
  );
}
