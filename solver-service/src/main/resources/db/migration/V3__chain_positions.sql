-- The hash of the block each saved stream position is in: a solver started again after the chain's
-- history changed (the block is gone) reads again from before it. '' for positions saved before.
ALTER TABLE chain_cursors ADD COLUMN block_hash text NOT NULL DEFAULT '';

-- Where on chain each deal's state and mediator were last learnt (the event's block and log index;
-- 0 / -1 before any): an event older than what a deal holds is not applied again, and when blocks are
-- rolled back the deals learnt from them are read again from the chain.
ALTER TABLE deals ADD COLUMN state_block bigint NOT NULL DEFAULT 0;
ALTER TABLE deals ADD COLUMN state_log_index bigint NOT NULL DEFAULT -1;
ALTER TABLE deals ADD COLUMN mediator_block bigint NOT NULL DEFAULT 0;
CREATE INDEX deals_state_block ON deals (state_block);
CREATE INDEX deals_mediator_block ON deals (mediator_block);
