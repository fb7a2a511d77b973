-- The audit trail (issue 6): append-only, hash-chained. Each row's hash is SHA-256 over the previous
-- row's hash and this row's content, so changing, removing or reordering a row breaks the chain.
-- The application only ever inserts here; audit_head holds the chain's last link, locked per append.
create table audit_event (
    seq          bigint         primary key,
    recorded     bigint         not null,
    client_id    varchar(100),
    outcome      varchar(2)     not null,
    break_glass  boolean        not null,
    json         varchar(16000) not null,
    prev_hash    varchar(64)    not null,
    hash         varchar(64)    not null
);
create index ix_audit_event_break_glass on audit_event (break_glass, seq);

create table audit_head (
    id           integer        primary key,
    last_seq     bigint         not null,
    last_hash    varchar(64)    not null
);
insert into audit_head (id, last_seq, last_hash)
    values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
