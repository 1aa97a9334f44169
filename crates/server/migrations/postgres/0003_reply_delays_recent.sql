-- A party's response time is the median of its most recent replies: one index range, newest
-- first. (SQLite's index on (party, party_id) already ends in the row id, so it needs none.)

CREATE INDEX reply_delays_recent ON reply_delays (party, party_id, id);
DROP INDEX reply_delays_party;
