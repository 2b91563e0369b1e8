/**
 * Reads the reference network from data/network/ (node fs), parses it with the zod schemas and
 * validates it. Returns the network or throws one NetworkDataError listing every problem.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CheckOptions, networkFromRaw } from '../../domain/network/network';
import type { Network, NetworkViolation } from '../../domain/network/types';
import { NETWORK_FILE_NAMES } from '../../domain/network/types';

/** The repository root, found from this file's location (src/modules/network/ → ../../..). */
export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

export function defaultNetworkDir(): string {
  return join(repoRoot(), 'data', 'network');
}

/** Every problem of the network data in one error; `violations` keeps them machine-readable. */
export class NetworkDataError extends Error {
  readonly violations: readonly NetworkViolation[];
  constructor(dir: string, violations: readonly NetworkViolation[]) {
    const lines = violations.map((v) => `  - ${v.message.en}`);
    super(`network data in ${dir} is invalid (${violations.length} problem(s)):\n${lines.join('\n')}`);
    this.name = 'NetworkDataError';
    this.violations = violations;
  }
}

/** Read every file of the network as raw JSON, keyed by file name; unreadable files become violations. */
export async function readNetworkFiles(
  dir: string,
): Promise<{ raw: Record<string, unknown>; errors: NetworkViolation[] }> {
  const raw: Record<string, unknown> = {};
  const errors: NetworkViolation[] = [];
  for (const file of Object.values(NETWORK_FILE_NAMES)) {
    let text: string;
    try {
      text = await readFile(join(dir, file), 'utf8');
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      errors.push({
        file,
        field: '',
        code: 'network.file_unreadable',
        message: { en: `${file}: cannot be read (${reason})`, zh: `${file}：无法读取（${reason}）` },
      });
      continue;
    }
    try {
      raw[file] = JSON.parse(text) as unknown;
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      errors.push({
        file,
        field: '',
        code: 'network.json_invalid',
        message: {
          en: `${file}: is not valid JSON (${reason})`,
          zh: `${file}：不是有效的 JSON（${reason}）`,
        },
      });
    }
  }
  return { raw, errors };
}

/** Load, parse and validate data/network/ (or `dir`). Throws NetworkDataError listing every problem. */
export async function loadNetworkData(
  dir: string = defaultNetworkDir(),
  options: CheckOptions = {},
): Promise<Network> {
  const { raw, errors } = await readNetworkFiles(dir);
  if (errors.length > 0) throw new NetworkDataError(dir, errors);
  const built = networkFromRaw(raw, options);
  if (!built.ok) throw new NetworkDataError(dir, built.errors);
  return built.value;
}
