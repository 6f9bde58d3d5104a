-- Result files of deals. The bytes live content-addressed in {dataDir}/files/{data_id}.tar, so
-- deals whose tars are identical share one file; this table maps each deal to its tar.
CREATE TABLE deal_files (
    deal_id     text PRIMARY KEY,
    data_id     text        NOT NULL,
    size        bigint      NOT NULL,
    uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deal_files_data_id ON deal_files (data_id);
