-- Feedback after the visit: a profile's own questions (labels per language, checked by the API when saved) and one
-- answer per ticket. The unique key is what makes "once per ticket" hold under concurrent submits: the loser's
-- insert does nothing and the API answers FEEDBACK_EXISTS.
alter table portal_profiles add column feedback_questions jsonb not null default '[]';

create table ticket_feedback (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  ticket_id uuid not null,
  -- Where the ticket stood when the customer answered, for the admin's aggregates per profile and project.
  profile_id uuid not null,
  project_id uuid,
  rating smallint not null check (rating between 1 and 5),
  answers jsonb not null default '{}',
  comment text check (length(comment) between 1 and 2000),
  created_at timestamptz not null,
  unique (tenant_id, ticket_id),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade,
  foreign key (tenant_id, profile_id) references portal_profiles (tenant_id, id),
  foreign key (tenant_id, project_id) references projects (tenant_id, id)
);
create index ticket_feedback_by_time on ticket_feedback (tenant_id, created_at);

alter table ticket_feedback enable row level security;
alter table ticket_feedback force row level security;
create policy tenant_isolation on ticket_feedback using (tenant_id = porch_current_tenant())
  with check (tenant_id = porch_current_tenant());
