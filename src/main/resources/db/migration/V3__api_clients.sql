-- API clients (issue 6): who may obtain a token, what kind of client it is and what it acts for.
-- acts_for and scopes are space-separated lists; jwks is the client's public JSON Web Key Set
-- (private_key_jwt), secret_hash a {bcrypt} hash for demo clients (client_secret_basic).
create table api_client (
    client_id    varchar(100)   primary key,
    kind         varchar(16)    not null,
    acts_for     varchar(4000)  not null,
    scopes       varchar(4000)  not null,
    jwks         varchar(16000),
    secret_hash  varchar(200),
    created_at   bigint         not null
);

-- Client assertion ids (jti) already used, kept until the assertion expires, so a replay is refused.
create table client_assertion_jti (
    client_id    varchar(100)   not null,
    jti          varchar(200)   not null,
    expires_at   bigint         not null,
    primary key (client_id, jti)
);
create index ix_client_assertion_jti_expires on client_assertion_jti (expires_at);
