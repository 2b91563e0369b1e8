/**
 * The shapes the routes answer beside the figures (pure): the live trains on the map and the trains
 * a statistics cell counts, each with the events and bookings that prove it.
 */
import {
  cargoOf,
  type Dimension,
  type Facts,
  hsChapter,
  inPeriod,
  onTimeOf,
  type Period,
  trainMatches,
  trainTeu,
} from './figures';
import { type EventRef, phaseOf, type TrainPhase, type TrainState } from './projection';

export interface LiveTrain {
  readonly id: string;
  readonly routeId: string | null;
  readonly phase: TrainPhase;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly positionTime: string | null;
  readonly dispatchedAt: string | null;
  readonly gatewayId: string | null;
  readonly boxes: number;
}

export interface TracedTrain {
  readonly id: string;
  readonly routeId: string | null;
  readonly dispatched: EventRef;
  readonly arrived: EventRef | null;
  readonly onTime: boolean | null;
  readonly boxes: number;
  readonly teu: number;
  readonly assumedBoxes: number;
  readonly bookings: { bookingId: string; hsCode: string; teu: number; direction: string }[];
}

/** The trains on the map: every one not arrived, or arrived with a position; by id. */
export function liveTrainsOf(trains: readonly TrainState[]): LiveTrain[] {
  return trains
    .filter((t) => phaseOf(t) !== 'arrived' || t.position !== null)
    .map((t) => {
      const stay = t.stays.at(-1);
      return {
        id: t.id,
        routeId: t.routeId,
        phase: phaseOf(t),
        lat: t.position?.lat ?? null,
        lon: t.position?.lon ?? null,
        positionTime: t.position?.time ?? null,
        dispatchedAt: t.dispatched?.eventTime ?? null,
        gatewayId: stay && !stay.left ? stay.gatewayId : null,
        boxes: t.boxes.length,
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The dispatched trains a statistics cell counts, oldest dispatch first. */
export function tracedTrains(
  trains: readonly TrainState[],
  facts: Facts,
  period: Period,
  dimension: Dimension,
  key: string,
  opts: { onTimeToleranceHours: number },
): TracedTrain[] {
  return inPeriod(trains, period)
    .filter((t) => trainMatches(t, dimension, key, facts))
    .sort(
      (a, b) =>
        (a.dispatched?.eventTime ?? '').localeCompare(b.dispatched?.eventTime ?? '') ||
        a.id.localeCompare(b.id),
    )
    .map((t) => {
      const x = trainTeu(t, facts);
      const cargo = cargoOf(t, facts);
      return {
        id: t.id,
        routeId: t.routeId,
        dispatched: t.dispatched!,
        arrived: t.arrived,
        onTime: onTimeOf(t, facts, { onTimeToleranceHours: opts.onTimeToleranceHours }),
        boxes: t.boxes.length,
        teu: x.teu,
        assumedBoxes: x.assumedBoxes,
        bookings: cargo
          .filter((c) => dimension !== 'chapter' || hsChapter(c.hsCode) === key)
          .map((c) => ({ bookingId: c.bookingId, hsCode: c.hsCode, teu: c.teu, direction: c.direction })),
      };
    });
}
