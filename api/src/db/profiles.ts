import { DomainError, notFound } from '../lib/outcomes';
import { storedText, type TextInput } from '../lib/texts';
import type { LocalizedText } from '../schemas/contract/languages';
import type { Module } from '../schemas/contract/portal';
import type { ProfileCreateInput, ProfilePatchInput, ProfileView } from '../schemas/profiles';
import type { Tx } from './client';
import { toColumns } from './columns';

const PROFILE_COLUMNS = {
  name: 'name',
  mode: 'mode',
  logoUrl: 'logo_url',
  redirectUrl: 'redirect_url',
  language: 'language',
  theme: 'theme',
  feedbackEnabled: 'feedback_enabled',
  feedbackQuestions: 'feedback_questions',
  isDefault: 'is_default',
  statusLabels: 'status_labels',
  modules: 'modules',
} as const;

/** A profile's customer-facing texts, each `{ <language>: text }` (see `lib/texts.ts`). */
const TEXT_COLUMNS = {
  salutation: 'salutation',
  bookingText: 'booking_text',
  disclaimer: 'booking_disclaimer',
} as const;
type TextField = keyof typeof TEXT_COLUMNS;

/** The text columns a write sets: maps replace, plain strings go under the fallback language, beside the others. */
function textColumns(
  tx: Tx,
  input: Partial<Record<TextField, TextInput>>,
  current: Partial<Record<TextField, LocalizedText | null>>,
  fallback: string,
) {
  const columns: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(TEXT_COLUMNS) as [TextField, string][]) {
    const value = input[field];
    if (value === undefined) continue;
    const text = storedText(value, current[field] ?? null, fallback);
    columns[column] = text ? tx.json(text) : null;
  }
  return columns;
}

const select = (tx: Tx) => tx`
  id, name, mode, logo_url as "logoUrl", redirect_url as "redirectUrl", salutation,
  booking_text as "bookingText", booking_disclaimer as "disclaimer", language, theme,
  feedback_enabled as "feedbackEnabled", feedback_questions as "feedbackQuestions", is_default as "isDefault", status_labels as "statusLabels", modules,
  to_json(created_at)#>>'{}' as "createdAt", to_json(updated_at)#>>'{}' as "updatedAt"`;

export function listProfiles(tx: Tx): Promise<ProfileView[]> {
  return tx<ProfileView[]>`select ${select(tx)} from portal_profiles order by created_at, seq`;
}

export async function getProfile(tx: Tx, id: string): Promise<ProfileView> {
  const [row] = await tx<ProfileView[]>`select ${select(tx)} from portal_profiles where id = ${id}`;
  if (!row) throw notFound('Profile');
  return row;
}

/** Only one profile is the default: marking one clears the flag on the others in the same transaction. */
async function clearDefaultIf(tx: Tx, isDefault: boolean | undefined) {
  if (isDefault) await tx`update portal_profiles set is_default = false where is_default`;
}

export async function createProfile(
  tx: Tx,
  tenantId: string,
  input: ProfileCreateInput,
  now: Date,
): Promise<ProfileView> {
  await clearDefaultIf(tx, input.isDefault);
  const columns: Record<string, unknown> = {
    tenant_id: tenantId,
    ...toColumns(input, PROFILE_COLUMNS),
    ...textColumns(tx, input, {}, input.language ?? 'en'),
    created_at: now,
    updated_at: now,
  };
  if (input.theme) columns.theme = tx.json(input.theme);
  if (input.statusLabels) columns.status_labels = tx.json(input.statusLabels);
  if (input.feedbackQuestions) columns.feedback_questions = tx.json(input.feedbackQuestions);
  const [row] = await tx<ProfileView[]>`insert into portal_profiles ${tx(columns)} returning ${select(tx)}`;
  return row!;
}

export async function updateProfile(tx: Tx, id: string, patch: ProfilePatchInput, now: Date): Promise<ProfileView> {
  const current = await getProfile(tx, id);
  if (patch.isDefault === false) {
    const [isDefault] = await tx`select 1 from portal_profiles where id = ${id} and is_default`;
    if (isDefault) throw new DomainError('conflict', 'Mark another profile as default instead');
  }
  await clearDefaultIf(tx, patch.isDefault);
  const columns = {
    ...toColumns(patch, PROFILE_COLUMNS),
    ...textColumns(tx, patch, current, patch.language ?? current.language),
  };
  if (patch.theme) columns.theme = tx.json(patch.theme);
  if (patch.statusLabels) columns.status_labels = tx.json(patch.statusLabels);
  if (patch.feedbackQuestions) columns.feedback_questions = tx.json(patch.feedbackQuestions);
  const [row] = await tx<ProfileView[]>`
    update portal_profiles set ${tx(columns)}, updated_at = ${now} where id = ${id} returning ${select(tx)}`;
  return row!;
}

/**
 * A copy of a profile under a new name: every setting and text (never the default flag, nor the projects or
 * tickets that use it). The columns are read from the catalog, so a setting added later is copied too.
 */
export async function cloneProfile(tx: Tx, id: string, name: string | undefined, now: Date): Promise<ProfileView> {
  const source = await getProfile(tx, id);
  const copied = (
    await tx<{ column: string }[]>`
      select column_name as column from information_schema.columns
      where table_schema = current_schema() and table_name = 'portal_profiles'
        and is_generated = 'NEVER' and is_identity = 'NO'
        and column_name not in ('id', 'name', 'is_default', 'created_at', 'updated_at')
      order by ordinal_position`
  ).map((row) => row.column);
  const [row] = await tx<ProfileView[]>`
    insert into portal_profiles (${tx(copied)}, name, is_default, created_at, updated_at)
    select ${tx(copied)}, ${name ?? `${source.name} (copy)`.slice(0, 100)}, false, ${now}, ${now}
    from portal_profiles where id = ${id}
    returning ${select(tx)}`;
  return row!;
}

export async function deleteProfile(tx: Tx, id: string): Promise<void> {
  const profile = await getProfile(tx, id);
  if (profile.isDefault) throw new DomainError('conflict', 'The default profile cannot be deleted');
  const [used] =
    await tx`select 1 from tickets where profile_id = ${id} union all select 1 from projects where profile_id = ${id} limit 1`;
  if (used) throw new DomainError('conflict', 'The profile is used by a project or ticket');
  await tx`delete from portal_profiles where id = ${id}`;
}

type AppliedProfile = {
  name: string;
  mode: 'tracking' | 'tracking+booking';
  logoUrl: string | null;
  redirectUrl: string | null;
  salutation: LocalizedText | null;
  language: string;
  theme: Record<string, string>;
  feedbackEnabled: boolean;
  modules: Module[];
};
const appliedColumns = (tx: Tx) => tx`
  p.name, p.mode, p.logo_url as "logoUrl", p.redirect_url as "redirectUrl", p.salutation, p.language,
  p.theme, p.feedback_enabled as "feedbackEnabled", p.modules`;

/** The tenant's default profile: what a customer-wide session (not bound to one ticket) is branded with. */
export async function defaultProfile(tx: Tx) {
  const [row] = await tx<AppliedProfile[]>`select ${appliedColumns(tx)} from portal_profiles p where p.is_default`;
  return row;
}

/** The profile that applies to a ticket: its own, else its project's, else the tenant's default. */
export async function profileForTicket(tx: Tx, ticketId: string) {
  const [row] = await tx<AppliedProfile[]>`
    select ${appliedColumns(tx)}
    from tickets t
    left join projects pr on pr.id = t.project_id
    join portal_profiles p on p.id = coalesce(t.profile_id, pr.profile_id,
                                              (select id from portal_profiles where is_default))
    where t.id = ${ticketId}`;
  return row;
}

export interface ProjectView {
  id: string;
  name: string;
  profileId: string | null;
  createdAt: string;
}

const projectSelect = (tx: Tx) => tx`id, name, profile_id as "profileId", to_json(created_at)#>>'{}' as "createdAt"`;

export function listProjects(tx: Tx): Promise<ProjectView[]> {
  return tx<ProjectView[]>`select ${projectSelect(tx)} from projects order by created_at, seq`;
}

export async function getProject(tx: Tx, id: string): Promise<ProjectView> {
  const [row] = await tx<ProjectView[]>`select ${projectSelect(tx)} from projects where id = ${id}`;
  if (!row) throw notFound('Project');
  return row;
}

export async function createProject(
  tx: Tx,
  tenantId: string,
  input: { name: string; profileId?: string | null },
  now: Date,
): Promise<ProjectView> {
  if (input.profileId) await getProfile(tx, input.profileId);
  const [row] = await tx<ProjectView[]>`
    insert into projects (tenant_id, name, profile_id, created_at)
    values (${tenantId}, ${input.name}, ${input.profileId ?? null}, ${now})
    returning ${projectSelect(tx)}`;
  return row!;
}

export async function updateProject(
  tx: Tx,
  id: string,
  patch: { name?: string; profileId?: string | null },
): Promise<ProjectView> {
  await getProject(tx, id);
  if (patch.profileId) await getProfile(tx, patch.profileId);
  const columns = toColumns(patch, { name: 'name', profileId: 'profile_id' });
  const [row] = await tx<
    ProjectView[]
  >`update projects set ${tx(columns)} where id = ${id} returning ${projectSelect(tx)}`;
  return row!;
}
