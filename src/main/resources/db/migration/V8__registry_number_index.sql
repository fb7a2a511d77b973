-- Imports look a batch of numbers up at once (reg_number = any(?)); H2 answers that from an index
-- whose first column is the number, not from the (jurisdiction, number) primary key.
create index ix_registry_number on registry_registration (reg_number);
