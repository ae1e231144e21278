-- The company's own zone (issue #20): the console shows its times in it, labelled when the viewer's zone differs.
-- Null: not set yet, and the console shows the viewer's own zone.
alter table tenants add column timezone text check (length(timezone) between 1 and 64);
