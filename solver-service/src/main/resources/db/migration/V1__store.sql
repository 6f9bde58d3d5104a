-- Addresses are stored lowercased so lookups compare them case-insensitively.
-- document holds the container's wire JSON; the other columns are copies for filtering.

CREATE TABLE job_offers (
    id          text PRIMARY KEY,
    job_creator text        NOT NULL,
    deal_id     text        NOT NULL DEFAULT '',
    state       smallint    NOT NULL,
    created_at  timestamptz NOT NULL,
    document    jsonb       NOT NULL
);
CREATE INDEX job_offers_job_creator ON job_offers (job_creator);
CREATE INDEX job_offers_created_at ON job_offers (created_at);

CREATE TABLE resource_offers (
    id                text PRIMARY KEY,
    resource_provider text        NOT NULL,
    deal_id           text        NOT NULL DEFAULT '',
    state             smallint    NOT NULL,
    created_at        timestamptz NOT NULL,
    document          jsonb       NOT NULL
);
CREATE INDEX resource_offers_resource_provider ON resource_offers (resource_provider);
CREATE INDEX resource_offers_created_at ON resource_offers (created_at);

CREATE TABLE deals (
    id                text PRIMARY KEY,
    job_creator       text        NOT NULL,
    resource_provider text        NOT NULL,
    mediator          text        NOT NULL DEFAULT '',
    state             smallint    NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    document          jsonb       NOT NULL
);
CREATE INDEX deals_job_creator ON deals (job_creator);
CREATE INDEX deals_resource_provider ON deals (resource_provider);
CREATE INDEX deals_mediator ON deals (mediator);

CREATE TABLE results (
    deal_id  text PRIMARY KEY,
    document jsonb NOT NULL
);

-- log_index is bigint: EventCursor.endOf(block) uses Long.MAX_VALUE as its log index.
CREATE TABLE chain_cursors (
    stream       text PRIMARY KEY,
    block_number bigint NOT NULL,
    log_index    bigint NOT NULL
);

-- Nonces of accepted signed requests, so a replay is refused after a restart too.
CREATE TABLE used_nonces (
    address    text        NOT NULL,
    nonce      text        NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (address, nonce)
);
CREATE INDEX used_nonces_expires_at ON used_nonces (expires_at);
