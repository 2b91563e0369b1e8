/**
 * Profiles as stored: the shipped defaults inserted at start when missing (never over an edit), the
 * list, a planner's new profile and edits.
 */
import { fail, ok, type Result } from '../../domain/result';
import type { Principal } from '../../platform/http/access';
import { DEFAULT_PROFILES, type ProfileInput, profileViolation } from './profiles';
import type { ColdChainRepository } from './repository';
import { notFound, type ProfileView, profileView, violation } from './views';

/** Inserts the shipped profiles that are missing (never overwrites an edit); idempotent. */
export function ensureDefaultProfiles(repo: ColdChainRepository): Promise<number> {
  return repo.insertMissingProfiles(
    DEFAULT_PROFILES.map((p) => ({
      id: p.id,
      name_en: p.nameEn,
      name_zh: p.nameZh,
      min_c: p.minC,
      max_c: p.maxC,
      tolerance_minutes: p.toleranceMinutes,
      hysteresis_c: p.hysteresisC,
      clear_minutes: p.clearMinutes,
      source: p.source,
      estimate: p.estimate,
      builtin: true,
    })),
  );
}

export async function listProfiles(repo: ColdChainRepository): Promise<ProfileView[]> {
  return (await repo.listProfiles()).map(profileView);
}

export async function createProfile(
  repo: ColdChainRepository,
  principal: Principal,
  id: string,
  input: ProfileInput,
): Promise<Result<ProfileView>> {
  const v = profileViolation(input);
  if (v) return fail(v);
  const inserted = await repo.insertProfile({
    id,
    name_en: input.nameEn,
    name_zh: input.nameZh,
    min_c: input.minC,
    max_c: input.maxC,
    tolerance_minutes: input.toleranceMinutes,
    hysteresis_c: input.hysteresisC,
    clear_minutes: input.clearMinutes,
    silent_minutes: input.silentMinutes,
    source: input.source,
    estimate: input.estimate,
    builtin: false,
    updated_by: principal.username,
  });
  if (!inserted)
    return fail(
      violation('id', 'coldchain.profile.exists', `profile ${id} already exists`, `温度档案 ${id} 已存在`),
    );
  const row = await repo.findProfile(id);
  return ok(profileView(row!));
}

/** Edits a profile (the caller re-evaluates what depends on it). */
export async function updateProfile(
  repo: ColdChainRepository,
  principal: Principal,
  id: string,
  input: ProfileInput,
): Promise<Result<ProfileView>> {
  const v = profileViolation(input);
  if (v) return fail(v);
  const row = await repo.updateProfile(id, {
    name_en: input.nameEn,
    name_zh: input.nameZh,
    min_c: input.minC,
    max_c: input.maxC,
    tolerance_minutes: input.toleranceMinutes,
    hysteresis_c: input.hysteresisC,
    clear_minutes: input.clearMinutes,
    silent_minutes: input.silentMinutes,
    source: input.source,
    estimate: input.estimate,
    updated_by: principal.username,
  });
  if (!row) return fail(notFound('profile', id, '温度档案'));
  return ok(profileView(row));
}
