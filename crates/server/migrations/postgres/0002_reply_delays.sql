-- As ../sqlite/0009_reply_delays.sql.

CREATE TABLE reply_delays (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    party    TEXT NOT NULL,
    party_id TEXT NOT NULL,
    seconds  BIGINT NOT NULL
);

CREATE INDEX reply_delays_party ON reply_delays (party, party_id);

-- Existing replies, as the server computes them (domain::message::reply_delays): a reply
-- answers the buyer's messages since the thread's previous reply, and waited from the first.
INSERT INTO reply_delays (party, party_id, seconds)
SELECT party, party_id, sent_at - waiting_since FROM (
    SELECT r.id, r.party, r.party_id, r.sent_at,
           (SELECT MIN(b.sent_at) FROM messages b
            WHERE b.order_id = r.order_id AND b.party = r.party AND b.party_id = r.party_id
              AND b.author = 'buyer' AND b.id < r.id
              AND b.id > COALESCE((SELECT MAX(p.id) FROM messages p
                                   WHERE p.order_id = r.order_id AND p.party = r.party
                                     AND p.party_id = r.party_id AND p.author <> 'buyer'
                                     AND p.id < r.id), 0)) AS waiting_since
    FROM messages r
    WHERE r.author <> 'buyer'
) replies
WHERE waiting_since IS NOT NULL
ORDER BY id;
