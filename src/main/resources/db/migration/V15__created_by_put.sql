-- Whether a resource's first version was written by PUT (update as create, with the client's id)
-- rather than POST: its history entry names the method the client used. Only version 1 needs it;
-- rows written before this column count as POST, as they were shown.
alter table fhir_resource_version add column created_by_put boolean default false not null;
