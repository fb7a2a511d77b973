-- The outcome of the last check of a registration against an external register (e.g. NPPES).
create table registry_external_check (
    jurisdiction varchar(16)   not null,
    reg_number   varchar(64)   not null,
    source       varchar(16)   not null,
    outcome      varchar(16)   not null,
    detail       varchar(500),
    checked_at   bigint        not null,
    primary key (jurisdiction, reg_number, source)
);
