-- PostgreSQL leaves room on each page of registry_registration (db/vendor/postgresql); H2 has no
-- such setting, so this version does nothing here, and both stores stay at the same version.
select 1;
