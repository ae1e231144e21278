-- Documents on a ticket (issue 17): the customer's and the company's files. The metadata row is what lists and
-- downloads read; the bytes live in a blob store (these chunks by default, or S3) under `blob_key`. A blob is written
-- before its row (chunk by chunk, each in its own short transaction, so a slow upload holds no connection) and
-- deleted again when the upload is refused, so a refused upload leaves nothing behind.
create table ticket_documents (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  ticket_id uuid not null,
  name text not null check (length(name) between 1 and 255),
  content_type text not null check (length(content_type) between 1 and 200),
  size bigint not null check (size > 0),
  sha256 bytea not null check (length(sha256) = 32),
  store text not null check (store in ('postgres', 's3')),
  blob_key text not null check (length(blob_key) between 1 and 200),
  uploaded_by text not null check (uploaded_by in ('customer', 'company')),
  created_at timestamptz not null,
  seq bigint generated always as identity,
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade
);
create index ticket_documents_by_ticket on ticket_documents (tenant_id, ticket_id, created_at, seq);

-- The PostgreSQL blob store: a blob is its chunks in order. Already compressed files (images, PDFs, office zips)
-- gain nothing from TOAST compression, so the bytes are stored out of line uncompressed.
create table document_blob_chunks (
  tenant_id uuid not null,
  blob_key uuid not null,
  seq integer not null check (seq >= 0),
  data bytea not null,
  primary key (tenant_id, blob_key, seq)
);
alter table document_blob_chunks alter column data set storage external;

do $$
declare t text;
begin
  foreach t in array array['ticket_documents', 'document_blob_chunks'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = porch_current_tenant())
                    with check (tenant_id = porch_current_tenant())', t);
    execute format('grant select, insert, delete on %I to porchlight_app', t);
  end loop;
end $$;
