import { describe, expect, it } from 'vitest';
import { EventBus } from './bus';

declare module './bus' {
  interface BusTopics {
    'test.ping': { n: number };
    'test.pong': string;
  }
}

describe('EventBus', () => {
  it('delivers to the topic and to * listeners, in order, and stops on unsubscribe', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    const off = bus.on('test.ping', (d) => {
      seen.push(`ping ${d.n}`);
    });
    bus.on('*', (d, topic) => {
      seen.push(`* ${topic} ${JSON.stringify(d)}`);
    });
    bus.emit('test.ping', { n: 1 });
    bus.emit('test.pong', 'x');
    off();
    bus.emit('test.ping', { n: 2 });
    expect(seen).toEqual(['ping 1', '* test.ping {"n":1}', '* test.pong "x"', '* test.ping {"n":2}']);
    expect(bus.listenerCount('test.ping')).toBe(0);
  });

  it('a throwing or rejecting listener reaches onError, never the emitter or the other listeners', async () => {
    const errors: string[] = [];
    const bus = new EventBus({ onError: (err, topic) => errors.push(`${topic}: ${String(err)}`) });
    const got: number[] = [];
    bus.on('test.ping', () => {
      throw new Error('sync');
    });
    bus.on('test.ping', async () => {
      throw new Error('async');
    });
    bus.on('test.ping', (d) => {
      got.push(d.n);
    });
    expect(() => bus.emit('test.ping', { n: 7 })).not.toThrow();
    await new Promise((r) => setTimeout(r, 0));
    expect(got).toEqual([7]);
    expect(errors).toEqual(['test.ping: Error: sync', 'test.ping: Error: async']);
  });

  it('settled() waits for the listeners started so far, also those started by a listener; close() stops delivery', async () => {
    const bus = new EventBus();
    const done: string[] = [];
    bus.on('test.ping', async (d) => {
      await new Promise((r) => setTimeout(r, 20));
      done.push(`ping ${d.n}`);
      bus.emit('test.pong', `from ${d.n}`);
    });
    bus.on('test.pong', async (d) => {
      await new Promise((r) => setTimeout(r, 20));
      done.push(`pong ${d}`);
    });
    bus.emit('test.ping', { n: 1 });
    await bus.settled();
    expect(done).toEqual(['ping 1', 'pong from 1']);
    bus.close();
    bus.emit('test.ping', { n: 2 });
    await bus.settled();
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toEqual(['ping 1', 'pong from 1']);
  });
});
