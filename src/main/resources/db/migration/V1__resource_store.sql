-- The resource store: every version of every resource, as accepted (JSON), soft-deleted.
-- Timestamps are epoch milliseconds so that H2 and PostgreSQL compare them identically.

-- Resource keys come in blocks of 1,000 from this sequence (hi/lo), so that a transaction's
-- inserts can be sent as JDBC batches with their keys known beforehand.
create sequence fhir_resource_key_block start with 1 increment by 1;

create table fhir_resource (
    pk           bigint       primary key,
    res_type     varchar(64)  not null,
    res_id       varchar(64)  not null,
    version      integer      not null,
    deleted      boolean      not null,
    last_updated bigint       not null,
    constraint uq_fhir_resource unique (res_type, res_id)
);
create index ix_fhir_resource_updated on fhir_resource (res_type, last_updated);

create table fhir_resource_version (
    res_pk       bigint       not null references fhir_resource (pk),
    version      integer      not null,
    res_type     varchar(64)  not null,
    deleted      boolean      not null,
    last_updated bigint       not null,
    json         varchar,
    primary key (res_pk, version)
);
create index ix_fhir_version_type_updated on fhir_resource_version (res_type, last_updated);

-- Search values of the current version, extracted generically from each SearchParameter's
-- FHIRPath expression. `param` identifies the parameter: the Java hash of "<ResourceType>:<code>"
-- (e.g. "PractitionerRole:specialty"), a small key that keeps the indexes compact.

create table sp_token (
    res_pk bigint       not null,
    param  integer      not null,
    system varchar(255),
    code   varchar(255)
);
create index ix_sp_token on sp_token (param, code, system, res_pk);
create index ix_sp_token_res on sp_token (res_pk);

create table sp_string (
    res_pk bigint       not null,
    param  integer      not null,
    norm   varchar(255) not null,
    exact  varchar(255) not null
);
create index ix_sp_string on sp_string (param, norm, res_pk);
create index ix_sp_string_res on sp_string (res_pk);

create table sp_reference (
    res_pk      bigint       not null,
    param       integer      not null,
    target_type varchar(64),
    target_id   varchar(64),
    target_url  varchar(512) not null
);
create index ix_sp_reference on sp_reference (param, target_id, target_type, res_pk);
create index ix_sp_reference_target on sp_reference (target_type, target_id);
create index ix_sp_reference_url on sp_reference (param, target_url);
create index ix_sp_reference_res on sp_reference (res_pk);

create table sp_date (
    res_pk bigint       not null,
    param  integer      not null,
    low    bigint       not null,
    high   bigint       not null
);
create index ix_sp_date on sp_date (param, low, high, res_pk);
create index ix_sp_date_res on sp_date (res_pk);

create table sp_number (
    res_pk bigint       not null,
    param  integer      not null,
    num    decimal(30, 10) not null,
    system varchar(255),
    code   varchar(255)
);
create index ix_sp_number on sp_number (param, num, res_pk);
create index ix_sp_number_res on sp_number (res_pk);

create table sp_uri (
    res_pk bigint       not null,
    param  integer      not null,
    uri    varchar(512) not null
);
create index ix_sp_uri on sp_uri (param, uri, res_pk);
create index ix_sp_uri_res on sp_uri (res_pk);

create table sp_coords (
    res_pk bigint           not null,
    param  integer          not null,
    lat    double precision not null,
    lon    double precision not null
);
create index ix_sp_coords on sp_coords (param, lat, lon, res_pk);
create index ix_sp_coords_res on sp_coords (res_pk);
