-- A name search reads a jurisdiction's registrations in number order on the primary key and tests
-- lower(family_name) like 'x%' on each: the (jurisdiction, family_name) index served no query,
-- and every imported row paid for its upkeep.
drop index ix_registry_family;
