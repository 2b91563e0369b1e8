// Tests of the network loader: the shipped data/network/ loads (with the HS table check), and a
// broken copy in a temporary directory is refused with one error naming every file and field.
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { summarize } from '../../domain/network/network';
import { hsTable } from '../codes/hs-table';
import {
  defaultNetworkDir,
  loadNetworkData,
  NetworkDataError,
  readNetworkFiles,
  repoRoot,
} from './load-data';

const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

function copyOfData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lugang-network-'));
  temps.push(dir);
  cpSync(defaultNetworkDir(), dir, { recursive: true });
  return dir;
}

function editJson(dir: string, file: string, edit: (json: Record<string, unknown>) => void): void {
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(path, JSON.stringify(json));
}

async function loadError(dir: string): Promise<NetworkDataError> {
  try {
    await loadNetworkData(dir);
  } catch (e) {
    if (e instanceof NetworkDataError) return e;
    throw e;
  }
  throw new Error('expected the load to fail');
}

describe('loadNetworkData', () => {
  it('finds data/network from the repository root', () => {
    expect(defaultNetworkDir()).toBe(join(repoRoot(), 'data', 'network'));
    expect(readFileSync(join(repoRoot(), 'package.json'), 'utf8')).toContain('"name": "lugang"');
  });

  it('loads the shipped data: 21 routes, 26 cities, 19 countries and regions', async () => {
    const network = await loadNetworkData();
    const s = summarize(network);
    expect([s.routes, s.destinationCities, s.destinationCountries]).toEqual([21, 26, 19]);
    expect(s.version).toMatch(/^\d{4}\.\d{2}-\d+$/);
  });

  it('README.md describes the shipped counts and every file', async () => {
    const network = await loadNetworkData();
    const readme = readFileSync(join(defaultNetworkDir(), 'README.md'), 'utf8');
    expect(readme).toContain(`${network.locations.size} places`);
    expect(readme).toContain(`${network.legs.size} directed legs`);
    expect(readme).toContain(`${network.goodsHeadings.size} HS 4-digit headings`);
    expect(readme).toContain(`${network.files.goods.groups.length} groups`);
    for (const f of network.files.manifest.files) expect(readme).toContain(`\`${f}\``);
  });

  it('every HS heading of the catalogue exists in the shipped HS table; 200 or more', async () => {
    const hs = hsTable();
    const network = await loadNetworkData();
    expect(network.goodsHeadings.size).toBeGreaterThanOrEqual(200);
    for (const h of network.goodsHeadings) expect(hs.get(h)?.level, `HS ${h}`).toBe(4);
    // The same check through the loader's option: the shipped headings pass …
    await expect(loadNetworkData(undefined, { hsHeadings: network.goodsHeadings })).resolves.toBeDefined();
    // … and a table without 2002 (tomato paste) is refused.
    const without = new Set([...network.goodsHeadings].filter((h) => h !== '2002'));
    await expect(loadNetworkData(undefined, { hsHeadings: without })).rejects.toThrow(
      /goods-catalogue\.json.*2002/,
    );
  });

  it('lists every problem of a broken copy in one error, by file and field', async () => {
    const dir = copyOfData();
    editJson(dir, 'routes.json', (j) => {
      const routes = j.routes as Array<{ gateway: string | null }>;
      if (routes[0]) routes[0].gateway = 'ZZZ';
    });
    editJson(dir, 'gateways.json', (j) => {
      const gws = j.gateways as Array<{ transshipmentHours: Record<string, unknown> }>;
      if (gws[1]) gws[1].transshipmentHours = { value: 8 };
    });
    const e = await loadError(dir);
    // The schema rejects the unsourced figure first; referential checks run once every file parses.
    expect(e.violations).toContainEqual(
      expect.objectContaining({ file: 'gateways.json', field: 'gateways.1.transshipmentHours.source' }),
    );
    expect(e.message).toContain('gateways.json');
    editJson(dir, 'gateways.json', (j) => {
      const gws = j.gateways as Array<{ transshipmentHours: Record<string, unknown> }>;
      if (gws[1]) gws[1].transshipmentHours = { value: 8, estimated: true, reason: 'test' };
    });
    const e2 = await loadError(dir);
    expect(e2.violations).toContainEqual(
      expect.objectContaining({
        file: 'routes.json',
        field: 'routes.0.gateway',
        code: 'network.gateway_unknown',
      }),
    );
    expect(e2.message).toMatch(/routes\.json: routes\.0\.gateway: unknown gateway "ZZZ"/);
  });

  it('reports a missing file and a file that is not JSON', async () => {
    const dir = copyOfData();
    unlinkSync(join(dir, 'legs.json'));
    writeFileSync(join(dir, 'train-limits.json'), '{ not json');
    const { errors } = await readNetworkFiles(dir);
    expect(errors.map((e) => `${e.file} ${e.code}`).sort()).toEqual([
      'legs.json network.file_unreadable',
      'train-limits.json network.json_invalid',
    ]);
    const e = await loadError(dir);
    expect(e.violations).toHaveLength(2);
    expect(e.message).toContain('legs.json');
    expect(e.message).toContain('train-limits.json');
  });
});
