-- Accounts: a balance that can never go below zero (checked by the database too).
create table account (
    id            bigint generated always as identity primary key,
    email         varchar(320) not null unique,
    password_hash varchar(200),
    role          varchar(20)  not null default 'USER',
    balance       bigint       not null default 0 check (balance >= 0),
    created_at    timestamptz  not null default now()
);

-- API keys: only a SHA-256 of the key is kept; the prefix lets a user tell keys apart.
create table api_key (
    id           bigint generated always as identity primary key,
    account_id   bigint       not null references account (id),
    name         varchar(100) not null,
    prefix       varchar(20)  not null,
    key_hash     varchar(64)     not null unique,
    created_at   timestamptz  not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
create index api_key_account on api_key (account_id);

-- Jobs: the user's truth about each job, resynced from the job creator daemon.
create table job (
    id             uuid primary key,
    account_id     bigint       not null references account (id),
    module         varchar(100) not null,
    module_ref     varchar(200) not null,
    inputs         text         not null,
    credits        bigint       not null,
    daemon_job_id  varchar(100),
    status         varchar(20)  not null,
    outcome        varchar(40),
    message        text         not null default '',
    job_offer_id   varchar(100),
    deal_id        varchar(100),
    provider       varchar(100),
    data_id        varchar(100),
    exit_code      integer,
    cost_wei       varchar(80),
    phases         text         not null default '[]',
    transactions   text         not null default '{}',
    stdout         text,
    results_stored boolean      not null default false,
    created_at     timestamptz  not null default now(),
    updated_at     timestamptz  not null default now()
);
create index job_account_created on job (account_id, created_at desc);
create index job_status on job (status);

-- The credit ledger: append-only (no update, no delete), one refund per job at most.
create table ledger_entry (
    id            bigint generated always as identity primary key,
    account_id    bigint       not null references account (id),
    kind          varchar(20)  not null check (kind in ('GRANT', 'DEBIT', 'REFUND')),
    amount        bigint       not null,
    balance_after bigint       not null check (balance_after >= 0),
    job_id        uuid references job (id),
    note          varchar(300) not null default '',
    created_at    timestamptz  not null default now()
);
create index ledger_account on ledger_entry (account_id, id desc);
create unique index ledger_one_refund_per_job on ledger_entry (job_id) where kind = 'REFUND';
create unique index ledger_one_debit_per_job on ledger_entry (job_id) where kind = 'DEBIT';

create function ledger_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the credit ledger is append-only';
end;
$$;
create trigger ledger_append_only before update or delete on ledger_entry
    for each row execute function ledger_is_append_only();
