//! Messages on an order between the buyer and a seller or carrier, and how fast each party
//! typically answers.

use serde::{Deserialize, Serialize};

use crate::date::Timestamp;

/// Longest message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2_000;

/// Who a thread is with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The seller of one of the order's shipments.
    Seller,
    /// The carrier of one of the order's shipments.
    Carrier,
}

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Author {
    /// The buyer.
    Buyer,
    /// The seller.
    Seller,
    /// The carrier.
    Carrier,
}

/// One message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    /// Increasing id.
    pub id: u64,
    /// The thread's party.
    pub party: Party,
    /// The seller's slug or the carrier's code.
    pub party_id: String,
    /// Who wrote it.
    pub author: Author,
    /// The text, as written.
    pub body: String,
    /// When it was sent.
    pub sent_at: Timestamp,
}

/// The body of a new message: the buyer names the party; a seller's reply names only the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewMessage {
    /// The thread (ignored on a seller's reply, which goes to the seller's thread).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<Party>,
    /// The seller slug or carrier code; may be left out when the order has one shipment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_id: Option<String>,
    /// The text.
    pub body: String,
}

/// An order's messages and how fast its parties usually answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conversation {
    /// Every message, oldest first.
    pub messages: Vec<Message>,
    /// Each party's typical response time.
    pub response_times: Vec<ResponseTime>,
}

/// A party's typical response time: the median delay from a buyer's message to the party's
/// next reply, over its most recent replies in all of its conversations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseTime {
    /// Seller or carrier.
    pub party: Party,
    /// Its slug or code.
    pub party_id: String,
    /// Median seconds to reply; `None` when it has not replied to anyone yet.
    pub median_seconds: Option<i64>,
    /// Replies the median rests on: the party's most recent, up to 200.
    pub replies: u32,
}

/// The delays between each buyer message and the party's first reply after it, in one thread
/// given oldest first. Further buyer messages before that reply wait on the same reply.
pub fn reply_delays(thread: &[(Author, Timestamp)]) -> Vec<i64> {
    let mut delays = Vec::new();
    let mut waiting_since: Option<Timestamp> = None;
    for (author, at) in thread {
        match author {
            Author::Buyer => {
                waiting_since.get_or_insert(*at);
            }
            Author::Seller | Author::Carrier => {
                if let Some(since) = waiting_since.take() {
                    delays.push(at.0 - since.0);
                }
            }
        }
    }
    delays
}

/// The delay [`reply_delays`] counts for the thread's last message: `Some` when it is a reply
/// answering buyer messages (from the first of those since the previous reply), `None` when it
/// is the buyer's or follows another reply.
pub fn last_reply_delay(thread: &[(Author, Timestamp)]) -> Option<i64> {
    let ((author, replied_at), earlier) = thread.split_last()?;
    if *author == Author::Buyer {
        return None;
    }
    let waiting = earlier
        .iter()
        .rev()
        .take_while(|(author, _)| *author == Author::Buyer)
        .last()?;
    Some(replied_at.0 - waiting.1.0)
}

/// The median of `values` (the lower middle for an even count); `None` when empty.
pub fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    Some(values[(values.len() - 1) / 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_answers_every_buyer_message_since_the_last_reply() {
        use Author::*;
        let t = Timestamp;
        let thread = [
            (Buyer, t(0)),
            (Buyer, t(60)),
            (Seller, t(600)),
            (Seller, t(700)),
            (Buyer, t(1000)),
            (Seller, t(1300)),
            (Buyer, t(2000)),
        ];
        assert_eq!(reply_delays(&thread), [600, 300]);
        // Each reply's own delay, as counted when it is written, agrees with the whole thread.
        let each: Vec<i64> = (1..=thread.len())
            .filter_map(|end| last_reply_delay(&thread[..end]))
            .collect();
        assert_eq!(each, reply_delays(&thread));
        assert_eq!(last_reply_delay(&thread[..3]), Some(600));
        assert_eq!(
            last_reply_delay(&thread[..4]),
            None,
            "a second reply answers nothing"
        );
        assert_eq!(
            last_reply_delay(&thread[..2]),
            None,
            "the buyer's own message"
        );
        assert_eq!(last_reply_delay(&[]), None);
    }

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5]), Some(5));
        assert_eq!(median(&mut [9, 1, 5]), Some(5));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2));
    }
}
