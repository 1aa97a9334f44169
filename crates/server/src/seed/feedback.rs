//! Seed feedback: a year of SERVQUAL responses, so carrier scorecards, checkout ratings and the
//! seller's insights mean something on first start (see `docs/SERVQUAL.md`, "Seed data").
//!
//! Each carrier has a profile of item gaps (perception − expectation) that the answers scatter
//! around: Heron is fast but careless with packaging (and has improved since sellers complained
//! in the last four months), Bastion slow but reliable, Lantern strong on communication.
//! Everything comes from one fixed seed, so every machine gets the same responses.

use storefront_domain::carrier::{CARRIERS, Carrier, Service, ServiceLevel};
use storefront_domain::date::Date;
use storefront_domain::rng::Rng;
use storefront_domain::servqual::{Answer, Dimension, FeedbackSubmission, ITEMS};

/// One seeded post-delivery response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedResponse {
    /// Carrier code, as in `CARRIERS`.
    pub carrier: &'static str,
    /// Service code, as in `CARRIERS` (`heron-standard`, ...).
    pub service: &'static str,
    /// Slug of the seller whose order it rates.
    pub seller: &'static str,
    /// The day the buyer submitted the form.
    pub submitted_on: Date,
    /// The form as filled in; always passes `servqual::validate`.
    pub submission: FeedbackSubmission,
}

/// The fixed seed: change it and every seeded response changes.
const SEED: u64 = 0x5EED_FEED_BAC4_2026;

/// Length of the seeded period, in days, ending on [`last_day`].
const PERIOD_DAYS: u64 = 365;

/// Heron reworked its packaging this many days before [`last_day`] (about four months), after
/// sellers complained; its packaging gap narrows from then on.
const PACKAGING_FIX_DAYS: i64 = 122;

/// The last day of the seeded period.
fn last_day() -> Date {
    Date::from_ymd(2026, 11, 20).expect("2026-11-20 is a date")
}

/// Sellers with their share of the responses and goods a comment may mention.
const SELLER_MIX: &[(&str, u64, &[&str])] = &[
    (
        "kiln-and-leaf",
        20,
        &[
            "matcha bowl",
            "tetsubin teapot",
            "sencha tins",
            "kitchen knife",
        ],
    ),
    (
        "atelier-lin",
        18,
        &[
            "linen shirt",
            "beeswax candles",
            "tea towels",
            "duvet cover",
        ],
    ),
    (
        "maple-and-pine",
        17,
        &["maple syrup", "wool throw", "jar of honey", "hiking socks"],
    ),
    (
        "copper-coast",
        16,
        &["copper mug", "pocket speaker", "copper saucepan", "fudge"],
    ),
    (
        "telar-oaxaca",
        14,
        &[
            "wool rug",
            "rebozo",
            "barro negro vase",
            "drinking chocolate",
        ],
    ),
    (
        "hanji-house",
        15,
        &["hanji notebook", "moon lamp", "kimchi crock", "citron tea"],
    ),
];

/// How many responses a service gets, and over how many of the last days they fall.
fn volume(service: &Service) -> (u32, u64) {
    match service.code {
        "heron-standard" => (96, PERIOD_DAYS),
        "heron-expedited" => (44, PERIOD_DAYS),
        "bastion-economy" => (88, PERIOD_DAYS),
        "bastion-standard" => (62, PERIOD_DAYS),
        "lantern-economy" => (72, PERIOD_DAYS),
        "lantern-standard" => (58, PERIOD_DAYS),
        // Rarely chosen (regional only, priced high), so still below the rating threshold.
        "lantern-expedited" => (3, 60),
        _ => match service.level {
            ServiceLevel::Economy => (60, PERIOD_DAYS),
            ServiceLevel::Standard => (45, PERIOD_DAYS),
            ServiceLevel::Expedited => (20, PERIOD_DAYS),
        },
    }
}

/// Every seeded response, oldest first; the same on every call and every machine.
pub fn responses() -> Vec<SeedResponse> {
    let mut rng = Rng::new(SEED);
    let mut all = Vec::new();
    for carrier in CARRIERS {
        for service in carrier.services {
            let (count, days) = volume(service);
            for _ in 0..count {
                all.push(response(&mut rng, carrier, service, days));
            }
        }
    }
    // Stable, so responses of one day keep the order they were drawn in.
    all.sort_by_key(|r| r.submitted_on);
    all
}

fn response(
    rng: &mut Rng,
    carrier: &'static Carrier,
    service: &'static Service,
    days: u64,
) -> SeedResponse {
    // Uniform over the period, with a share drawn toward recent days: the shop is growing.
    let mut back = rng.below(days);
    if rng.chance(1, 5) {
        back = back.min(rng.below(days));
    }
    let days_back = i64::try_from(back).unwrap_or(0);
    let submitted_on = last_day().add_days(-i32::try_from(days_back).unwrap_or(0));
    let (seller, goods) = pick_seller(rng);

    // Most buyers expect 5–6; a few are easy-going, a few demanding.
    let buyer_bias = if rng.chance(1, 10) {
        -12 - rng.below(7) as i64
    } else if rng.chance(1, 12) {
        8
    } else {
        triangular(rng, 6)
    };
    // A good or bad day colours every answer a little.
    let mood = triangular(rng, 5);
    let mut ratings = Vec::with_capacity(ITEMS.len());
    let mut submission = FeedbackSubmission::default();
    for item in &ITEMS {
        let spread = triangular(rng, 8);
        let expected = on_scale(
            rng,
            expectation(service.level, item.id) + buyer_bias + spread,
        );
        let gap = profile_gap(carrier.code, service.level, item.id, days_back);
        let noise = triangular(rng, 12);
        let perceived = on_scale(rng, expected * 10 + gap + mood + noise);
        ratings.push((item.id, expected, perceived));
        submission.answers.insert(
            item.id.to_owned(),
            Answer {
                expected,
                perceived,
            },
        );
    }
    if rng.chance(2, 5) {
        submission.importance = Some(importance(rng, service.level));
    }
    if rng.chance(3, 20) {
        submission.comment = Some(comment(rng, service.level, goods, &ratings));
    }
    SeedResponse {
        carrier: carrier.code,
        service: service.code,
        seller,
        submitted_on,
        submission,
    }
}

fn pick_seller(rng: &mut Rng) -> (&'static str, &'static [&'static str]) {
    let total: u64 = SELLER_MIX.iter().map(|(_, weight, _)| weight).sum();
    let mut ticket = rng.below(total);
    for &(slug, weight, goods) in SELLER_MIX {
        if ticket < weight {
            return (slug, goods);
        }
        ticket -= weight;
    }
    let (slug, _, goods) = SELLER_MIX[0];
    (slug, goods)
}

/// A symmetric triangular draw in `-half..=half` (the sum of two uniform draws).
fn triangular(rng: &mut Rng, half: u64) -> i64 {
    (rng.below(half + 1) + rng.below(half + 1)) as i64 - half as i64
}

/// A value in tenths rounded stochastically to a whole answer (so means keep their decimals),
/// then clamped to the 1–7 scale.
fn on_scale(rng: &mut Rng, tenths: i64) -> i64 {
    let remainder = tenths.rem_euclid(10) as u64;
    let whole = tenths.div_euclid(10) + i64::from(rng.chance(remainder, 10));
    whole.clamp(1, 7)
}

/// The typical expectation of an item, in tenths of a scale point, by service level.
fn expectation(level: ServiceLevel, item: &str) -> i64 {
    match (item, level) {
        ("rel_on_time", ServiceLevel::Expedited) => 62,
        ("rel_on_time", ServiceLevel::Economy) => 50,
        ("rel_on_time", ServiceLevel::Standard) => 56,
        ("emp_options", ServiceLevel::Economy) => 48,
        ("rel_intact", _) => 59,
        ("asr_costs", _) => 58,
        ("asr_trust", _) => 56,
        ("emp_language", _) => 50,
        ("tan_interface", _) => 52,
        ("tan_packaging", _) => 55,
        _ => 54,
    }
}

/// The carrier's typical gap on an item, in tenths; `days_back` is how long before the end of
/// the period the response was submitted.
fn profile_gap(carrier: &str, level: ServiceLevel, item: &str, days_back: i64) -> i64 {
    // 0 before Heron's packaging fix, rising to 10 (tenths of the way) on the last day.
    let fixed =
        (PACKAGING_FIX_DAYS - days_back).clamp(0, PACKAGING_FIX_DAYS) * 10 / PACKAGING_FIX_DAYS;
    match carrier {
        // Fast, careless with packaging.
        "heron" => match item {
            "rel_on_time" if level == ServiceLevel::Expedited => 8,
            "rel_on_time" => 6,
            // Better packaging breaks a little less.
            "rel_intact" => -17 + fixed * 3 / 10,
            "rsp_contact" => -1,
            "rsp_updates" => 6,
            "asr_trust" => -4,
            "asr_costs" => -1,
            "emp_options" => 3,
            "emp_language" => -1,
            // Jumps to −1.4 with the fix and keeps narrowing to about −0.6.
            "tan_packaging" if fixed > 0 => -14 + fixed * 8 / 10,
            "tan_packaging" => -20,
            "tan_interface" => 2,
            _ => 0,
        },
        // Slow but reliable.
        "bastion" => match item {
            "rel_on_time" if level == ServiceLevel::Economy => -8,
            "rel_on_time" => -2,
            "rel_intact" => 5,
            "rsp_contact" => 0,
            "rsp_updates" => -2,
            "asr_trust" => 6,
            "asr_costs" => 5,
            "emp_options" => -8,
            "emp_language" => 0,
            "tan_packaging" => 5,
            "tan_interface" => -2,
            _ => 0,
        },
        // Strong on communication.
        "lantern" => match item {
            "rel_on_time" if level == ServiceLevel::Economy => -2,
            "rsp_contact" => 12,
            "rsp_updates" => 12,
            "emp_language" => 11,
            "tan_interface" => 11,
            "asr_trust" | "emp_options" => 1,
            _ => 0,
        },
        _ => 0,
    }
}

/// A split of 100 importance points: a typical split for the service level, moved about by the
/// buyer a few points at a time (mostly in fives, as people do).
fn importance(rng: &mut Rng, level: ServiceLevel) -> std::collections::BTreeMap<Dimension, i64> {
    // In the order of `Dimension::ALL`; each sums to 100.
    let mut points: [i64; 5] = match level {
        // Price-conscious: no surprise costs matter.
        ServiceLevel::Economy => [25, 15, 25, 15, 20],
        ServiceLevel::Standard => [30, 20, 20, 15, 15],
        // Paid for speed: reliability first.
        ServiceLevel::Expedited => [40, 20, 15, 10, 15],
    };
    for _ in 0..rng.range_inclusive(1, 5) {
        let from = rng.below(5) as usize;
        let to = rng.below(5) as usize;
        let amount = if rng.chance(1, 6) {
            rng.range_inclusive(1, 4) as i64
        } else {
            5
        };
        if points[from] >= amount {
            points[from] -= amount;
            points[to] += amount;
        }
    }
    Dimension::ALL.into_iter().zip(points).collect()
}

/// Complaints about the item with the largest shortfall.
const COMPLAINTS: &[(&str, &[&str])] = &[
    (
        "rel_on_time",
        &[
            "Took {days} days, well past the window shown at checkout.",
            "The {goods} arrived {late} days after the promised date. Fine otherwise, but I needed the parcel sooner.",
        ],
    ),
    (
        "rel_intact",
        &[
            "The {goods} arrived damaged, the box crushed on one side. The seller sorted it out, the carrier did not.",
            "One corner of the parcel was split open and the {goods} inside got damaged.",
        ],
    ),
    (
        "rsp_contact",
        &[
            "Asked the carrier where the parcel was and waited {late} days for a reply.",
            "Nobody answered my question about a delivery time, only an automatic message.",
        ],
    ),
    (
        "rsp_updates",
        &[
            "Tracking did not move for {late} days, then the parcel suddenly turned up.",
            "Status said 'in transit' for a week with no detail at all.",
        ],
    ),
    (
        "asr_trust",
        &[
            "Parcel was left at the door without a photo or signature.",
            "The parcel had been opened and taped shut again. Everything was there, but it felt wrong.",
        ],
    ),
    (
        "asr_costs",
        &[
            "Had to pay a handling fee on delivery that checkout never mentioned.",
            "An extra customs charge appeared at the door. Checkout said duties were included.",
        ],
    ),
    (
        "emp_options",
        &[
            "No choice of delivery day or pickup point, and no faster option for my address.",
            "Would have paid more to get the {goods} sooner, but no faster option was offered.",
        ],
    ),
    (
        "emp_language",
        &[
            "Notifications only came in English, not in my language.",
            "The delivery notice used a date format I misread and I missed the first attempt.",
        ],
    ),
    (
        "tan_packaging",
        &[
            "The {goods} came in a thin bag with almost no padding. Everything survived, but only just.",
            "Outer box was torn and re-taped by the carrier. Please ask them to pack more carefully.",
        ],
    ),
    (
        "tan_interface",
        &[
            "The tracking page was confusing and kept showing an old status.",
            "Tracking link opened a page that was hard to read on my phone.",
        ],
    ),
];

/// Praise for the item that most exceeded expectations.
const PRAISE: &[(&str, &[&str])] = &[
    (
        "rel_on_time",
        &[
            "Arrived in {days} days, earlier than promised.",
            "Ordered the {goods} as a gift and the parcel came well before the date. Thank you!",
        ],
    ),
    ("rel_intact", &["The {goods} arrived in perfect condition."]),
    (
        "rsp_contact",
        &[
            "Asked to change the delivery day and got an answer within the hour.",
            "Quick, friendly reply from the carrier when I asked about customs.",
        ],
    ),
    (
        "rsp_updates",
        &[
            "Tracking updates at every step, very reassuring for an international parcel.",
            "Got a message as soon as the parcel cleared customs. Great.",
        ],
    ),
    (
        "asr_trust",
        &["Careful handover, they checked it was the right address before leaving it."],
    ),
    (
        "asr_costs",
        &["No surprise charges at the door, exactly what checkout said."],
    ),
    (
        "emp_options",
        &["Handy choice between a pickup point and home delivery."],
    ),
    (
        "emp_language",
        &[
            "Loved that every message was in my own language.",
            "Notifications in my language and the right local date format. Small thing, big difference.",
        ],
    ),
    (
        "tan_packaging",
        &["Very sturdy packaging, everything wrapped with care."],
    ),
    (
        "tan_interface",
        &["Clear tracking page with a map, easy to follow on my phone."],
    ),
];

/// Nothing stood out.
const NEUTRAL: &[&str] = &[
    "All fine, the {goods} arrived as expected.",
    "Delivery did what it said. Nothing to add.",
    "Took {days} days. Lovely {goods}, well worth the wait.",
    "Second order with this shop, same smooth delivery as last time.",
];

/// A short comment that fits the answers: about the largest shortfall, else the largest
/// pleasant surprise, else a neutral remark.
fn comment(
    rng: &mut Rng,
    level: ServiceLevel,
    goods: &[&str],
    ratings: &[(&'static str, i64, i64)],
) -> String {
    let gap_of = |id: &str| {
        ratings
            .iter()
            .find(|(item, _, _)| *item == id)
            .map_or(0, |(_, expected, perceived)| perceived - expected)
    };
    // `min_by_key`/`max_by_key` keep the first or last of ties; either is deterministic.
    let worst = ratings.iter().min_by_key(|(_, e, p)| p - e);
    let best = ratings.iter().max_by_key(|(_, e, p)| p - e);
    let template = if gap_of("rel_on_time") >= 1 && gap_of("tan_packaging") <= -2 {
        "Very fast, {days} days door to door, but the {goods} came in a flimsy box with no padding."
    } else if let Some((id, ..)) = worst.filter(|(_, e, p)| p - e <= -2) {
        pick_template(rng, COMPLAINTS, id)
    } else if let Some((id, ..)) = best.filter(|(_, e, p)| p - e >= 2) {
        pick_template(rng, PRAISE, id)
    } else {
        rng.pick(NEUTRAL).copied().unwrap_or(NEUTRAL[0])
    };
    let days = match level {
        ServiceLevel::Economy => rng.range_inclusive(6, 18),
        ServiceLevel::Standard => rng.range_inclusive(2, 5),
        ServiceLevel::Expedited => rng.range_inclusive(1, 3),
    };
    let late = rng.range_inclusive(2, 6);
    let goods = rng.pick(goods).copied().unwrap_or("order");
    template
        .replace("{days}", &days.to_string())
        .replace("{late}", &late.to_string())
        .replace("{goods}", goods)
}

fn pick_template(
    rng: &mut Rng,
    table: &[(&str, &'static [&'static str])],
    id: &str,
) -> &'static str {
    table
        .iter()
        .find(|(item, _)| *item == id)
        .and_then(|(_, templates)| rng.pick(templates).copied())
        .unwrap_or(NEUTRAL[1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use storefront_domain::servqual::{
        BuyerScore, MIN_RATINGS, Scorecard, ScoredResponse, aggregate, monthly_trend, validate,
    };

    fn scored(responses: &[SeedResponse]) -> Vec<ScoredResponse> {
        responses
            .iter()
            .map(|r| ScoredResponse {
                carrier: r.carrier.to_owned(),
                service: r.service.to_owned(),
                submitted_on: r.submitted_on,
                feedback: validate(&r.submission).expect("seed feedback validates"),
            })
            .collect()
    }

    /// A carrier's mean gap on a dimension over all its services, weighted by responses.
    fn carrier_gap(cards: &[Scorecard], carrier: &str, dimension: Dimension) -> f64 {
        let card = cards.iter().find(|c| c.carrier == carrier).unwrap();
        let (sum, n) = card
            .services
            .iter()
            .flat_map(|s| &s.dimensions)
            .filter(|d| d.dimension == dimension)
            .fold((0.0, 0u32), |(sum, n), d| {
                (sum + d.mean_gap * f64::from(d.n), n + d.n)
            });
        sum / f64::from(n)
    }

    #[test]
    fn feedback_is_deterministic() {
        assert_eq!(responses(), responses());
    }

    #[test]
    fn feedback_has_several_hundred_valid_responses() {
        let all = responses();
        assert!((380..=460).contains(&all.len()), "{} responses", all.len());
        let first = last_day().add_days(-(PERIOD_DAYS as i32) + 1);
        let sellers: BTreeSet<&str> = super::super::SELLERS.iter().map(|s| s.slug).collect();
        for r in &all {
            let feedback = validate(&r.submission)
                .unwrap_or_else(|errors| panic!("{} {}: {errors:?}", r.service, r.submitted_on));
            assert!(
                (first..=last_day()).contains(&r.submitted_on),
                "{}",
                r.submitted_on
            );
            assert!(sellers.contains(r.seller), "{}", r.seller);
            if let Some(comment) = feedback.comment() {
                assert!(comment.chars().count() <= 200, "{comment}");
                assert!(!comment.contains('{'), "{comment}");
            }
            if let Some(split) = &r.submission.importance {
                assert_eq!(split.values().sum::<i64>(), 100);
                assert!(split.values().all(|&p| p >= 0));
            }
        }
        let share = |count: usize| count * 100 / all.len();
        let split = share(
            all.iter()
                .filter(|r| r.submission.importance.is_some())
                .count(),
        );
        let commented = share(
            all.iter()
                .filter(|r| r.submission.comment.is_some())
                .count(),
        );
        assert!((33..=47).contains(&split), "{split}% with importance");
        assert!(
            (10..=20).contains(&commented),
            "{commented}% with a comment"
        );
        let comments: BTreeSet<&str> = all
            .iter()
            .filter_map(|r| r.submission.comment.as_deref())
            .collect();
        assert!(
            comments.len() >= 30,
            "only {} distinct comments",
            comments.len()
        );
        // Every seller is rated, and expectations sit mostly at 5–6.
        let rated: BTreeSet<&str> = all.iter().map(|r| r.seller).collect();
        assert_eq!(rated, sellers);
        let expectations: Vec<i64> = all
            .iter()
            .flat_map(|r| r.submission.answers.values().map(|a| a.expected))
            .collect();
        let typical = expectations.iter().filter(|e| (5..=6).contains(*e)).count();
        assert!(
            typical * 2 > expectations.len(),
            "{typical} of {}",
            expectations.len()
        );
        assert!(expectations.iter().any(|&e| e <= 3) && expectations.contains(&7));
    }

    #[test]
    fn feedback_covers_every_service_with_one_below_the_threshold() {
        let all = responses();
        let cards = aggregate(&scored(&all));
        let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
        for card in &cards {
            for service in &card.services {
                counts.insert(
                    CARRIERS
                        .iter()
                        .flat_map(|c| c.services)
                        .find(|s| s.code == service.service)
                        .map(|s| s.code)
                        .unwrap(),
                    service.n,
                );
            }
        }
        for carrier in CARRIERS {
            for service in carrier.services {
                assert!(
                    counts.contains_key(service.code),
                    "{} unrated",
                    service.code
                );
            }
        }
        let services = cards.iter().flat_map(|c| &c.services);
        let too_few: Vec<&str> = services
            .clone()
            .filter(|s| s.overall == BuyerScore::TooFewRatings)
            .map(|s| s.service.as_str())
            .collect();
        assert_eq!(too_few.len(), 1, "{too_few:?}");
        for service in services {
            if service.service == too_few[0] {
                assert!(service.n < MIN_RATINGS);
            } else {
                assert!(service.n >= 15, "{}: {}", service.service, service.n);
                assert!(matches!(service.overall, BuyerScore::Rated { .. }));
            }
        }
    }

    #[test]
    fn feedback_carriers_show_their_profiles() {
        let cards = aggregate(&scored(&responses()));
        let gap = |carrier, dimension| carrier_gap(&cards, carrier, dimension);
        let tangibles = |c| gap(c, Dimension::Tangibles);
        assert!(tangibles("heron") < tangibles("bastion"));
        assert!(tangibles("heron") < tangibles("lantern"));
        let responsiveness = |c| gap(c, Dimension::Responsiveness);
        assert!(responsiveness("lantern") > responsiveness("heron"));
        assert!(responsiveness("lantern") > responsiveness("bastion"));
        assert!(gap("bastion", Dimension::Assurance) >= gap("heron", Dimension::Assurance));
    }

    #[test]
    fn feedback_heron_packaging_improves_in_the_last_four_months() {
        let heron: Vec<ScoredResponse> = scored(&responses())
            .into_iter()
            .filter(|r| r.carrier == "heron")
            .collect();
        let trend = monthly_trend(&heron);
        assert!(trend.len() >= 8);
        let tangibles = |months: &[storefront_domain::servqual::MonthTrend]| {
            let n: u32 = months.iter().map(|m| m.n).sum();
            months
                .iter()
                .map(|m| m.mean_gap[&Dimension::Tangibles] * f64::from(m.n))
                .sum::<f64>()
                / f64::from(n)
        };
        let last = trend.len();
        let recent = tangibles(&trend[last - 4..]);
        let before = tangibles(&trend[last - 8..last - 4]);
        assert!(recent > before + 0.3, "{before:.2} → {recent:.2}");
    }
}
