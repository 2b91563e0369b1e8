import type { Booking } from '../booking/service';

/**
 * Which booking a box of a load plan belongs to (the ids the load-plan builder gives: the container
 * number, `REF#k` for a booking without numbers, `number~bookingId` for a number given twice).
 */
export function ownerOf(
  bookings: Booking[],
): (box: string) => { booking: Booking; sizeType: string } | undefined {
  const byNumber = new Map<string, { booking: Booking; sizeType: string }>();
  const byRef = new Map(bookings.map((b) => [b.reference, b]));
  const byId = new Map(bookings.map((b) => [b.id, b]));
  const sizeAt = (b: Booking, k: number): string => {
    let i = 0;
    for (const g of b.containers) {
      if (k < i + g.count) return g.sizeType;
      i += g.count;
    }
    return b.containers[0]?.sizeType ?? '';
  };
  for (const b of bookings)
    for (const g of b.containers)
      for (const n of g.numbers) if (!byNumber.has(n)) byNumber.set(n, { booking: b, sizeType: g.sizeType });
  return (box) => {
    const tilde = box.indexOf('~');
    if (tilde > 0) {
      const b = byId.get(box.slice(tilde + 1));
      const n = box.slice(0, tilde);
      const g = b?.containers.find((x) => x.numbers.includes(n));
      return b ? { booking: b, sizeType: g?.sizeType ?? '' } : undefined;
    }
    const hit = byNumber.get(box);
    if (hit) return hit;
    const m = /^(.*)#(\d+)$/.exec(box);
    const b = m ? byRef.get(m[1] as string) : undefined;
    return b ? { booking: b, sizeType: sizeAt(b, Number(m?.[2]) - 1) } : undefined;
  };
}
