// The PostgreSQL schema, as numbered migrations applied on first use. The study record is the same list of events the
// journal holds (events.ts): one append-only table, read incrementally by position. Claims make the few decisions
// that must be taken once study-wide (a trial slot under --trials N, a retry, a trial's final state) atomic.
export interface Migration {
  version: number;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE attune_studies (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- tx orders events by the transaction that wrote them: readers take only events of transactions older than every
-- transaction still running (pg_snapshot_xmin), so an event that commits late can never be skipped, and writers never
-- wait on each other (group commit).
CREATE TABLE attune_events (
  id bigserial PRIMARY KEY,
  study_id int NOT NULL REFERENCES attune_studies(id) ON DELETE CASCADE,
  tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
  kind text NOT NULL,
  trial int,
  uid text,
  retry_of int,
  payload jsonb NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attune_events_read ON attune_events (study_id, tx, id);
CREATE UNIQUE INDEX attune_events_uid ON attune_events (study_id, uid) WHERE uid IS NOT NULL;
CREATE INDEX attune_events_fresh ON attune_events (study_id) WHERE kind = 'trial' AND retry_of IS NULL;
CREATE TABLE attune_claims (
  study_id int NOT NULL REFERENCES attune_studies(id) ON DELETE CASCADE,
  kind text NOT NULL,
  trial int NOT NULL,
  PRIMARY KEY (study_id, kind, trial)
);
CREATE TABLE attune_workers (
  study_id int NOT NULL REFERENCES attune_studies(id) ON DELETE CASCADE,
  host text NOT NULL,
  pid int NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  beat_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (study_id, host, pid)
);
-- Live views are told by NOTIFY attune_study_<id> with the event's id (never the row), sent by the writer right after
-- its commit, not from a trigger: a transaction that notifies holds a cluster-wide lock through its commit's WAL
-- flush, which would make every writer of every study wait for the others' disk writes one at a time.
-- A new trial: idempotent by uid (a retried insert whose commit was lost is not added twice); a retry is added once
-- study-wide; a fresh trial only while the study has fewer than p_limit fresh trials (the lock on the study's row is
-- taken only then, so unlimited library use never waits).
CREATE FUNCTION attune_add_trial(p_study int, p_uid text, p_payload jsonb, p_limit int, p_retry_of int)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE n int; new_id bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM attune_events WHERE study_id = p_study AND uid = p_uid) THEN RETURN 'ok'; END IF;
  IF p_retry_of IS NOT NULL THEN
    INSERT INTO attune_claims VALUES (p_study, 'retry', p_retry_of) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN RETURN 'taken'; END IF;
  ELSIF p_limit IS NOT NULL THEN
    PERFORM 1 FROM attune_studies WHERE id = p_study FOR UPDATE;
    SELECT count(*) INTO n FROM attune_events WHERE study_id = p_study AND kind = 'trial' AND retry_of IS NULL;
    IF n >= p_limit THEN RETURN 'full'; END IF;
  END IF;
  INSERT INTO attune_events (study_id, kind, uid, retry_of, payload) VALUES (p_study, 'trial', p_uid, p_retry_of, p_payload)
    RETURNING id INTO new_id;
  RETURN 'ok:' || new_id;
END $$;
-- A trial's final state is recorded once: a late result of a trial already failed as stale is dropped (its retry runs).
CREATE FUNCTION attune_finish(p_study int, p_trial int, p_payload jsonb) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE new_id bigint;
BEGIN
  INSERT INTO attune_claims VALUES (p_study, 'finish', p_trial) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN RETURN NULL; END IF;
  INSERT INTO attune_events (study_id, kind, trial, payload) VALUES (p_study, 'finish', p_trial, p_payload)
    RETURNING id INTO new_id;
  RETURN new_id;
END $$;
`,
  },
  {
    version: 2,
    // Workers that start together on a new study each see it empty and each propose its baseline (the file's own
    // values, docs/studies.md): the first is added, the others are refused ('taken'), as a retry is. The version-1
    // function keeps deciding everything else; studies that already have a baseline get its claim here.
    sql: `
INSERT INTO attune_claims
  SELECT DISTINCT study_id, 'baseline', 0 FROM attune_events
   WHERE kind = 'trial' AND retry_of IS NULL AND payload->'attrs'->>'baseline' = 'true'
  ON CONFLICT DO NOTHING;
ALTER FUNCTION attune_add_trial(int, text, jsonb, int, int) RENAME TO attune_add_trial_v1;
CREATE FUNCTION attune_add_trial(p_study int, p_uid text, p_payload jsonb, p_limit int, p_retry_of int)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
  IF p_retry_of IS NOT NULL OR p_payload->'attrs'->>'baseline' IS DISTINCT FROM 'true'
     OR EXISTS (SELECT 1 FROM attune_events WHERE study_id = p_study AND uid = p_uid) THEN
    RETURN attune_add_trial_v1(p_study, p_uid, p_payload, p_limit, p_retry_of);
  END IF;
  INSERT INTO attune_claims VALUES (p_study, 'baseline', 0) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN RETURN 'taken'; END IF;
  r := attune_add_trial_v1(p_study, p_uid, p_payload, p_limit, NULL);
  -- No slot was left: the baseline was not added, so neither is its claim.
  IF r = 'full' THEN DELETE FROM attune_claims WHERE study_id = p_study AND kind = 'baseline'; END IF;
  RETURN r;
END $$;
`,
  },
  {
    version: 3,
    // A hyperband promotion re-runs a configuration further (docs/algorithms.md): it takes no slot under --trials N,
    // and each trial is promoted once study-wide, as a retry is; fresh trials count only configurations.
    sql: `
CREATE OR REPLACE FUNCTION attune_add_trial_v1(p_study int, p_uid text, p_payload jsonb, p_limit int, p_retry_of int)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE n int; new_id bigint; promoted text := p_payload->'attrs'->>'promotedFrom';
BEGIN
  IF EXISTS (SELECT 1 FROM attune_events WHERE study_id = p_study AND uid = p_uid) THEN RETURN 'ok'; END IF;
  IF p_retry_of IS NOT NULL THEN
    INSERT INTO attune_claims VALUES (p_study, 'retry', p_retry_of) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN RETURN 'taken'; END IF;
  ELSIF promoted IS NOT NULL THEN
    INSERT INTO attune_claims VALUES (p_study, 'promotion', promoted::int) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN RETURN 'taken'; END IF;
  ELSIF p_limit IS NOT NULL THEN
    PERFORM 1 FROM attune_studies WHERE id = p_study FOR UPDATE;
    SELECT count(*) INTO n FROM attune_events WHERE study_id = p_study AND kind = 'trial' AND retry_of IS NULL
      AND payload->'attrs'->>'promotedFrom' IS NULL;
    IF n >= p_limit THEN RETURN 'full'; END IF;
  END IF;
  INSERT INTO attune_events (study_id, kind, uid, retry_of, payload) VALUES (p_study, 'trial', p_uid, p_retry_of, p_payload)
    RETURNING id INTO new_id;
  RETURN 'ok:' || new_id;
END $$;
INSERT INTO attune_claims
  SELECT DISTINCT study_id, 'promotion', (payload->'attrs'->>'promotedFrom')::int FROM attune_events
   WHERE kind = 'trial' AND retry_of IS NULL AND payload->'attrs'->>'promotedFrom' IS NOT NULL
  ON CONFLICT DO NOTHING;
`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
