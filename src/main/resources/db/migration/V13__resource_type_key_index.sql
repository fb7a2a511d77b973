-- Reading every current resource of a type a page at a time, in key order (the provider index's
-- rebuild, the register's backfill): with only (res_type, res_id) to go by, H2 read every
-- resource of the type for each page.
create index ix_fhir_resource_type_pk on fhir_resource (res_type, pk);
