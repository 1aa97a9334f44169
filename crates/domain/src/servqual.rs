//! SERVQUAL applied to logistics (see `docs/SERVQUAL.md`): the post-delivery instrument, the
//! validation of a buyer's answers, and every score derived from them (gaps, the weighted score,
//! carrier scorecards with confidence intervals and shrinkage, the monthly trend, seller insights).
//!
//! The server keeps the raw answers; everything here is a pure function of them, so aggregates can
//! be recomputed at any time. Statistics use `f64`: these are ratings, not money.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// The answer scale: 1 = strongly disagree, 7 = strongly agree.
pub const SCALE: RangeInclusive<u8> = 1..=7;

/// Importance points a buyer spreads over the five dimensions.
pub const IMPORTANCE_TOTAL: u32 = 100;

/// Longest comment accepted, in characters (not bytes: scripts differ in bytes per character).
pub const COMMENT_MAX_CHARS: usize = 2_000;

/// Prior weight k of the Bayesian average, in responses: a service needs about this many ratings
/// before its own mean outweighs the all-carrier mean.
pub const PRIOR_WEIGHT: f64 = 10.0;

/// Fewest responses for which buyers are shown a number rather than "too few ratings yet".
pub const MIN_RATINGS: u32 = 5;

/// One of the five SERVQUAL dimensions; serialized in snake_case (`reliability`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Delivering what was promised, when it was promised.
    Reliability,
    /// Prompt answers and updates.
    Responsiveness,
    /// Trustworthy handling and no surprise costs.
    Assurance,
    /// Options and communication that fit the buyer.
    Empathy,
    /// Packaging and the tracking interface.
    Tangibles,
}

impl Dimension {
    /// All five, in the instrument's order.
    pub const ALL: [Self; 5] = [
        Self::Reliability,
        Self::Responsiveness,
        Self::Assurance,
        Self::Empathy,
        Self::Tangibles,
    ];

    /// The wire name; also the key of the app's messages and of field errors.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reliability => "reliability",
            Self::Responsiveness => "responsiveness",
            Self::Assurance => "assurance",
            Self::Empathy => "empathy",
            Self::Tangibles => "tangibles",
        }
    }

    /// The items that measure this dimension, in the instrument's order.
    pub fn items(self) -> impl Iterator<Item = &'static Item> {
        let items: &'static [Item] = &ITEMS;
        items.iter().filter(move |item| item.dimension == self)
    }
}

/// One statement of the form. Its text lives in the app's message files under `id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    /// Stable id, used as the answer's key on the wire and in the database.
    pub id: &'static str,
    /// The dimension the item measures.
    pub dimension: Dimension,
}

/// The ten items of the instrument, two per dimension, in the order the form shows them.
pub const ITEMS: [Item; 10] = [
    item("rel_on_time", Dimension::Reliability),
    item("rel_intact", Dimension::Reliability),
    item("rsp_contact", Dimension::Responsiveness),
    item("rsp_updates", Dimension::Responsiveness),
    item("asr_trust", Dimension::Assurance),
    item("asr_costs", Dimension::Assurance),
    item("emp_options", Dimension::Empathy),
    item("emp_language", Dimension::Empathy),
    item("tan_packaging", Dimension::Tangibles),
    item("tan_interface", Dimension::Tangibles),
];

const fn item(id: &'static str, dimension: Dimension) -> Item {
    Item { id, dimension }
}

/// Body of `POST /api/orders/{id}/feedback`: the form as the buyer filled it in, not yet checked.
///
/// Numbers are `i64` rather than `u8`/`u32` so that 0, 9, 300 or -1 deserialize and reach
/// [`validate`], whose error names the field; only a value that is not an integer at all is a
/// malformed body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackSubmission {
    /// Answers keyed by item id (see [`ITEMS`]).
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
    /// Optional split of [`IMPORTANCE_TOTAL`] points over the dimensions; equal weights when absent.
    #[serde(default)]
    pub importance: Option<BTreeMap<Dimension, i64>>,
    /// Optional free text for the seller only.
    #[serde(default)]
    pub comment: Option<String>,
}

/// The two answers to one item, as submitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    /// What the buyer expected, 1–7.
    pub expected: i64,
    /// What the buyer got, 1–7.
    pub perceived: i64,
}

/// A submission field that failed validation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Path of the field, such as `answers.rel_on_time.expected` or `importance`.
    pub field: String,
    /// What is wrong, in English, for developers; the app localizes by `field`.
    pub message: String,
}

impl FieldError {
    fn new(field: impl Into<String>, message: &str) -> Self {
        Self {
            field: field.into(),
            message: message.to_owned(),
        }
    }
}

/// One validated answer: expectation and perception, each on the 1–7 [`SCALE`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rating {
    expected: u8,
    perceived: u8,
}

impl Rating {
    /// What the buyer expected (E).
    pub fn expected(self) -> u8 {
        self.expected
    }

    /// What the buyer got (P).
    pub fn perceived(self) -> u8 {
        self.perceived
    }

    /// The item gap P − E, from −6 to 6; negative is a shortfall.
    pub fn gap(self) -> i8 {
        // Both lie in 1..=7, so the difference fits an i8.
        self.perceived as i8 - self.expected as i8
    }
}

/// A validated response; only [`validate`] makes one, so every instance is complete and in range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feedback {
    /// In the order of [`ITEMS`].
    ratings: [Rating; 10],
    /// In the order of [`Dimension::ALL`]; sums to [`IMPORTANCE_TOTAL`].
    importance: [u8; 5],
    comment: Option<String>,
}

impl Feedback {
    /// Every item with its rating, in the instrument's order.
    pub fn ratings(&self) -> impl Iterator<Item = (&'static Item, Rating)> + '_ {
        let items: &'static [Item] = &ITEMS;
        items.iter().zip(self.ratings.iter().copied())
    }

    /// Importance points of a dimension (20 each unless the buyer split them otherwise).
    pub fn importance(&self, dimension: Dimension) -> u32 {
        // Discriminants follow the declaration order, which is the order of `Dimension::ALL`.
        u32::from(self.importance[dimension as usize])
    }

    /// The trimmed comment, if the buyer wrote one.
    pub fn comment(&self) -> Option<&str> {
        self.comment.as_deref()
    }

    /// Dimension gap: the mean of its item gaps.
    pub fn dimension_gap(&self, dimension: Dimension) -> f64 {
        self.dimension_mean(dimension, |rating| f64::from(rating.gap()))
    }

    /// Dimension perception: the mean of its items' P.
    pub fn dimension_perception(&self, dimension: Dimension) -> f64 {
        self.dimension_mean(dimension, |rating| f64::from(rating.perceived))
    }

    /// Dimension expectation: the mean of its items' E.
    pub fn dimension_expectation(&self, dimension: Dimension) -> f64 {
        self.dimension_mean(dimension, |rating| f64::from(rating.expected))
    }

    /// Overall perception, 1–7: the mean P of all items, which is what checkout shows.
    ///
    /// Unweighted, because it describes the carrier to every buyer, not this buyer's priorities.
    pub fn overall_perception(&self) -> f64 {
        mean(
            self.ratings
                .iter()
                .map(|rating| f64::from(rating.perceived)),
        )
    }

    /// Weighted SERVQUAL score: Σ importance_d / 100 × dimension gap_d.
    pub fn weighted_score(&self) -> f64 {
        Dimension::ALL
            .iter()
            .map(|&d| {
                f64::from(self.importance(d)) / f64::from(IMPORTANCE_TOTAL) * self.dimension_gap(d)
            })
            .sum()
    }

    fn dimension_mean(&self, dimension: Dimension, value: impl Fn(Rating) -> f64) -> f64 {
        mean(
            self.ratings()
                .filter(|(item, _)| item.dimension == dimension)
                .map(|(_, rating)| value(rating)),
        )
    }
}

/// Checks a submission against the rules of `SERVQUAL.md`, reporting every faulty field at once
/// so the form can mark them all.
pub fn validate(submission: &FeedbackSubmission) -> Result<Feedback, Vec<FieldError>> {
    let mut errors = Vec::new();
    // Collected before combining so that one missing answer does not hide the errors of the rest.
    let checked: Vec<Option<Rating>> = ITEMS
        .iter()
        .map(|item| check_answer(item, submission.answers.get(item.id), &mut errors))
        .collect();
    for id in submission.answers.keys() {
        if !ITEMS.iter().any(|item| item.id == id) {
            errors.push(FieldError::new(
                format!("answers.{id}"),
                "is not an item of this form",
            ));
        }
    }
    let importance = check_importance(submission.importance.as_ref(), &mut errors);
    let comment = check_comment(submission.comment.as_deref()).unwrap_or_else(|error| {
        errors.push(error);
        None
    });
    let ratings = checked
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .and_then(|ratings| ratings.try_into().ok());
    match (ratings, importance) {
        (Some(ratings), Some(importance)) if errors.is_empty() => Ok(Feedback {
            ratings,
            importance,
            comment,
        }),
        _ => Err(errors),
    }
}

fn check_answer(
    item: &Item,
    answer: Option<&Answer>,
    errors: &mut Vec<FieldError>,
) -> Option<Rating> {
    let field = format!("answers.{}", item.id);
    let Some(answer) = answer else {
        errors.push(FieldError::new(field, "is required"));
        return None;
    };
    let mut on_scale = |value: i64, part: &str| {
        let valid = u8::try_from(value).ok().filter(|v| SCALE.contains(v));
        if valid.is_none() {
            errors.push(FieldError::new(
                format!("{field}.{part}"),
                "must be a whole number from 1 to 7",
            ));
        }
        valid
    };
    let expected = on_scale(answer.expected, "expected");
    let perceived = on_scale(answer.perceived, "perceived");
    Some(Rating {
        expected: expected?,
        perceived: perceived?,
    })
}

fn check_importance(
    given: Option<&BTreeMap<Dimension, i64>>,
    errors: &mut Vec<FieldError>,
) -> Option<[u8; 5]> {
    let Some(given) = given else {
        // IMPORTANCE_TOTAL / 5 = 20 fits a u8.
        return Some([(IMPORTANCE_TOTAL / 5) as u8; 5]);
    };
    let mut points = [0u8; 5];
    let mut valid = true;
    for (slot, dimension) in points.iter_mut().zip(Dimension::ALL) {
        let field = format!("importance.{}", dimension.as_str());
        match given.get(&dimension) {
            None => {
                errors.push(FieldError::new(
                    field,
                    "is required when importance is given",
                ));
                valid = false;
            }
            Some(&value) => match u8::try_from(value)
                .ok()
                .filter(|v| u32::from(*v) <= IMPORTANCE_TOTAL)
            {
                Some(value) => *slot = value,
                None => {
                    errors.push(FieldError::new(
                        field,
                        "must be a whole number from 0 to 100",
                    ));
                    valid = false;
                }
            },
        }
    }
    // A total is only meaningful once every part is; otherwise it would repeat the errors above.
    if !valid {
        return None;
    }
    if points.iter().map(|&p| u32::from(p)).sum::<u32>() != IMPORTANCE_TOTAL {
        errors.push(FieldError::new("importance", "must add up to 100 points"));
        return None;
    }
    Some(points)
}

fn check_comment(comment: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(text) = comment.map(str::trim).filter(|text| !text.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > COMMENT_MAX_CHARS {
        return Err(FieldError::new(
            "comment",
            "must be at most 2,000 characters",
        ));
    }
    if !crate::text::is_clean(text, crate::text::Lines::Many) {
        return Err(FieldError::new(
            "comment",
            "must not contain control or direction-changing characters",
        ));
    }
    Ok(Some(text.to_owned()))
}

/// A validated response with what aggregation groups it by; the server builds these from its
/// feedback rows (re-validating the stored raw answers with [`validate`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoredResponse {
    /// Carrier code, as in `/api/carriers/{code}`.
    pub carrier: String,
    /// The carrier's service the order shipped with, by its code (`heron-standard`).
    pub service: String,
    /// The day the buyer submitted the form; the monthly trend groups by it.
    pub submitted_on: Date,
    /// The answers.
    pub feedback: Feedback,
}

/// A number buyers may see, or the reason they may not.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum BuyerScore {
    /// Fewer than [`MIN_RATINGS`] responses: show "too few ratings yet" instead of a number.
    TooFewRatings,
    /// The perception shrunk toward the all-carrier mean, on the 1–7 scale.
    Rated {
        /// The shrunk perception.
        perception: f64,
    },
}

impl BuyerScore {
    /// The buyer-facing form of a raw `mean` of `n` responses, given the all-carrier `prior`.
    pub fn new(mean: f64, n: u32, prior: f64) -> Self {
        if n < MIN_RATINGS {
            Self::TooFewRatings
        } else {
            Self::Rated {
                perception: shrink(mean, n, prior),
            }
        }
    }

    /// The score in tenths (57 for 5.7), for one-decimal display; `None` when too few ratings.
    pub fn tenths(self) -> Option<i32> {
        match self {
            Self::TooFewRatings => None,
            Self::Rated { perception } => Some(to_tenths(perception)),
        }
    }
}

/// Bayesian average: `(n·mean + k·prior) / (n + k)` with k = [`PRIOR_WEIGHT`], so a handful of
/// ratings cannot put a service at the top or bottom of the list.
pub fn shrink(mean: f64, n: u32, prior: f64) -> f64 {
    let n = f64::from(n);
    (n * mean + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT)
}

/// `value` rounded to one decimal and returned in tenths (5.66 → 57, −1.25 → −13), so the app
/// formats an exact integer / 10 with `Intl.NumberFormat` in the buyer's locale.
pub fn to_tenths(value: f64) -> i32 {
    // Ratings and gaps lie within ±7, far inside i32.
    (value * 10.0).round() as i32
}

/// A 95% confidence interval of a mean.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfidenceInterval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// One dimension of one carrier service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DimensionScore {
    /// The dimension.
    pub dimension: Dimension,
    /// Responses behind these numbers.
    pub n: u32,
    /// Mean perception (P), 1–7.
    pub mean_perception: f64,
    /// Mean expectation (E), 1–7.
    pub mean_expectation: f64,
    /// Mean gap (P − E), −6 to 6; negative is a shortfall.
    pub mean_gap: f64,
    /// 95% confidence interval of `mean_gap`; `None` for a single response, which has no spread.
    pub gap_ci95: Option<ConfidenceInterval>,
    /// What buyers see: the perception shrunk toward the all-carrier mean of this dimension.
    /// Buyer-facing views show the raw numbers above only when this is `Rated`.
    pub shrunk_perception: BuyerScore,
}

/// The responses of one calendar month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthTrend {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Responses submitted in the month.
    pub n: u32,
    /// Mean gap per dimension (a JSON object keyed by dimension).
    pub mean_gap: BTreeMap<Dimension, f64>,
}

/// The scores of one carrier service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceScorecard {
    /// The service code.
    pub service: String,
    /// Responses about this service.
    pub n: u32,
    /// Overall shrunk perception, shown at checkout next to the service together with `n`.
    pub overall: BuyerScore,
    /// One entry per dimension, in the order of [`Dimension::ALL`].
    pub dimensions: Vec<DimensionScore>,
    /// Months that have responses, oldest first.
    pub trend: Vec<MonthTrend>,
}

/// Body of `GET /api/carriers/{code}/scorecard`.
///
/// A service nobody has rated yet is absent; the app shows it as "too few ratings yet".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scorecard {
    /// Carrier code.
    pub carrier: String,
    /// Rated services, by service code.
    pub services: Vec<ServiceScorecard>,
}

/// The all-carrier means that small samples shrink toward.
struct Priors {
    /// Mean perception per dimension, in the order of [`Dimension::ALL`].
    dimensions: [f64; 5],
    overall: f64,
}

/// Scorecards of every carrier in `responses`, by carrier code, each service by service code.
///
/// All responses are needed, not only one carrier's, because they make the prior of shrinkage.
pub fn aggregate(responses: &[ScoredResponse]) -> Vec<Scorecard> {
    let priors = Priors {
        dimensions: Dimension::ALL
            .map(|d| mean(responses.iter().map(|r| r.feedback.dimension_perception(d)))),
        overall: mean(responses.iter().map(|r| r.feedback.overall_perception())),
    };
    let mut carriers: BTreeMap<&str, BTreeMap<&str, Vec<&ScoredResponse>>> = BTreeMap::new();
    for response in responses {
        carriers
            .entry(&response.carrier)
            .or_default()
            .entry(&response.service)
            .or_default()
            .push(response);
    }
    carriers
        .into_iter()
        .map(|(carrier, services)| Scorecard {
            carrier: carrier.to_owned(),
            services: services
                .into_iter()
                .map(|(service, group)| service_scorecard(service, &group, &priors))
                .collect(),
        })
        .collect()
}

fn service_scorecard(
    service: &str,
    group: &[&ScoredResponse],
    priors: &Priors,
) -> ServiceScorecard {
    let n = count(group.len());
    let dimensions = Dimension::ALL
        .iter()
        .zip(priors.dimensions)
        .map(|(&dimension, prior)| {
            let mean_perception = mean(
                group
                    .iter()
                    .map(|r| r.feedback.dimension_perception(dimension)),
            );
            // The response, not the item, is the independent unit of the interval.
            let gaps: Vec<f64> = group
                .iter()
                .map(|r| r.feedback.dimension_gap(dimension))
                .collect();
            DimensionScore {
                dimension,
                n,
                mean_perception,
                mean_expectation: mean(
                    group
                        .iter()
                        .map(|r| r.feedback.dimension_expectation(dimension)),
                ),
                mean_gap: mean(gaps.iter().copied()),
                gap_ci95: ci95(&gaps),
                shrunk_perception: BuyerScore::new(mean_perception, n, prior),
            }
        })
        .collect();
    let overall_mean = mean(group.iter().map(|r| r.feedback.overall_perception()));
    ServiceScorecard {
        service: service.to_owned(),
        n,
        overall: BuyerScore::new(overall_mean, n, priors.overall),
        dimensions,
        trend: monthly_trend(group.iter().copied()),
    }
}

/// Per calendar month of submission: n and the mean gap per dimension, oldest month first.
/// Months without responses are left out rather than reported as zero.
pub fn monthly_trend<'a>(
    responses: impl IntoIterator<Item = &'a ScoredResponse>,
) -> Vec<MonthTrend> {
    let mut months: BTreeMap<(i32, u32), Vec<&Feedback>> = BTreeMap::new();
    for response in responses {
        let (year, month, _) = response.submitted_on.ymd();
        months
            .entry((year, month))
            .or_default()
            .push(&response.feedback);
    }
    months
        .into_iter()
        .map(|((year, month), feedback)| MonthTrend {
            year,
            month,
            n: count(feedback.len()),
            mean_gap: Dimension::ALL
                .iter()
                .map(|&d| (d, mean(feedback.iter().map(|f| f.dimension_gap(d)))))
                .collect(),
        })
        .collect()
}

/// One item of the instrument, averaged over responses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemGap {
    /// Item id (see [`ITEMS`]).
    pub item: String,
    /// The dimension the item measures.
    pub dimension: Dimension,
    /// Mean perception (P).
    pub mean_perception: f64,
    /// Mean expectation (E).
    pub mean_expectation: f64,
    /// Mean gap (P − E).
    pub mean_gap: f64,
}

/// The seller's insights view: where the service must improve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerInsights {
    /// Responses behind the ranking.
    pub n: u32,
    /// Items by mean gap, the largest shortfall (most negative) first; empty when `n` is 0.
    pub items: Vec<ItemGap>,
}

/// Ranks the items of the given responses by mean gap, the largest shortfall first; items with
/// equal gaps keep the instrument's order, so the ranking is deterministic.
pub fn seller_insights<'a>(feedback: impl IntoIterator<Item = &'a Feedback>) -> SellerInsights {
    let feedback: Vec<&Feedback> = feedback.into_iter().collect();
    if feedback.is_empty() {
        return SellerInsights {
            n: 0,
            items: Vec::new(),
        };
    }
    let item_mean = |index: usize, value: fn(Rating) -> u8| {
        mean(feedback.iter().map(|f| f64::from(value(f.ratings[index]))))
    };
    let mut items: Vec<ItemGap> = ITEMS
        .iter()
        .enumerate()
        .map(|(index, item)| ItemGap {
            item: item.id.to_owned(),
            dimension: item.dimension,
            mean_perception: item_mean(index, Rating::perceived),
            mean_expectation: item_mean(index, Rating::expected),
            mean_gap: mean(feedback.iter().map(|f| f64::from(f.ratings[index].gap()))),
        })
        .collect();
    // `sort_by` is stable: ties stay in instrument order.
    items.sort_by(|a, b| a.mean_gap.total_cmp(&b.mean_gap));
    SellerInsights {
        n: count(feedback.len()),
        items,
    }
}

/// A buyer's comment from a feedback form, shown to nobody but the seller.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuyerComment {
    /// The carrier code of the rated shipment.
    pub carrier: String,
    /// The service code of the rated shipment.
    pub service: String,
    /// When the feedback came.
    pub submitted_on: Date,
    /// The comment as written.
    pub comment: String,
    /// That response's weighted SERVQUAL score (negative: a shortfall).
    pub weighted_score: f64,
}

/// One carrier's gaps month by month on a seller's shipments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CarrierTrend {
    /// The carrier's code.
    pub carrier: String,
    /// Responses about this carrier.
    pub n: u32,
    /// Oldest month first.
    pub trend: Vec<MonthTrend>,
}

/// Everything a seller's insights view shows: where its buyers' service fell short.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerReport {
    /// The seller's slug.
    pub seller: String,
    /// The seller's name.
    pub seller_name: String,
    /// The items across every carrier, the largest shortfall first.
    pub insights: SellerInsights,
    /// The buyers' comments, newest first.
    pub comments: Vec<BuyerComment>,
    /// Each carrier's trend, carriers in code order.
    pub carriers: Vec<CarrierTrend>,
}

/// The report of the seller with slug `seller` and `name` over `responses`, which must be that
/// seller's.
pub fn seller_report(seller: &str, name: &str, responses: &[ScoredResponse]) -> SellerReport {
    let mut comments: Vec<BuyerComment> = responses
        .iter()
        .filter_map(|r| {
            Some(BuyerComment {
                carrier: r.carrier.clone(),
                service: r.service.clone(),
                submitted_on: r.submitted_on,
                comment: r.feedback.comment()?.to_owned(),
                weighted_score: r.feedback.weighted_score(),
            })
        })
        .collect();
    // Stable: comments of one day keep their order of arrival, reversed with the rest.
    comments.reverse();
    comments.sort_by_key(|c| std::cmp::Reverse(c.submitted_on));
    let mut by_carrier: BTreeMap<&str, Vec<&ScoredResponse>> = BTreeMap::new();
    for response in responses {
        by_carrier
            .entry(response.carrier.as_str())
            .or_default()
            .push(response);
    }
    SellerReport {
        seller: seller.to_owned(),
        seller_name: name.to_owned(),
        insights: seller_insights(responses.iter().map(|r| &r.feedback)),
        comments,
        carriers: by_carrier
            .into_iter()
            .map(|(carrier, group)| CarrierTrend {
                carrier: carrier.to_owned(),
                n: count(group.len()),
                trend: monthly_trend(group.iter().copied()),
            })
            .collect(),
    }
}

/// Two-sided 95% critical values of Student's t for 1 to 30 degrees of freedom.
const T95: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042,
];

/// The critical value for `df` degrees of freedom: the table above, then the normal 1.96 (which
/// understates t by under 4% at df = 31 and less beyond).
fn t95(df: usize) -> f64 {
    df.checked_sub(1)
        .and_then(|index| T95.get(index))
        .copied()
        .unwrap_or(1.96)
}

/// 95% interval of the mean of `samples`: mean ± t(n − 1) · s / √n with the sample standard
/// deviation s; `None` below two samples, where s is undefined.
fn ci95(samples: &[f64]) -> Option<ConfidenceInterval> {
    let n = samples.len();
    if n < 2 {
        return None;
    }
    let m = mean(samples.iter().copied());
    let variance = samples.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64;
    let half = t95(n - 1) * (variance / n as f64).sqrt();
    Some(ConfidenceInterval {
        low: m - half,
        high: m + half,
    })
}

/// Arithmetic mean; NaN for an empty sequence, whose mean no caller reports.
fn mean(values: impl IntoIterator<Item = f64>) -> f64 {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0u32), |(sum, n), x| (sum + x, n + 1));
    sum / f64::from(n)
}

/// A count for the wire; no realistic sample reaches `u32::MAX`, so saturating is enough.
fn count(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A complete submission with (expected, perceived) per item, in the order of `ITEMS`.
    fn submission(pairs: [(i64, i64); 10]) -> FeedbackSubmission {
        FeedbackSubmission {
            answers: ITEMS
                .iter()
                .zip(pairs)
                .map(|(item, (expected, perceived))| {
                    (
                        item.id.to_owned(),
                        Answer {
                            expected,
                            perceived,
                        },
                    )
                })
                .collect(),
            importance: None,
            comment: None,
        }
    }

    fn feedback(pairs: [(i64, i64); 10]) -> Feedback {
        validate(&submission(pairs)).unwrap()
    }

    /// The worked example's (expected, perceived) answers, in item order: dimension gaps −1,
    /// 1.5, −1.5, 0.5, −1.5.
    const EXAMPLE: [(i64, i64); 10] = [
        (5, 3),
        (6, 6),
        (4, 5),
        (4, 6),
        (7, 7),
        (6, 3),
        (3, 4),
        (5, 5),
        (6, 2),
        (5, 6),
    ];

    /// The worked example, validated.
    fn example() -> Feedback {
        feedback(EXAMPLE)
    }

    fn uniform(expected: i64, perceived: i64) -> Feedback {
        feedback([(expected, perceived); 10])
    }

    fn response(carrier: &str, service: &str, date: &str, feedback: Feedback) -> ScoredResponse {
        ScoredResponse {
            carrier: carrier.to_owned(),
            service: service.to_owned(),
            submitted_on: Date::parse(date).unwrap(),
            feedback,
        }
    }

    fn fields(result: Result<Feedback, Vec<FieldError>>) -> Vec<String> {
        result
            .unwrap_err()
            .into_iter()
            .map(|error| error.field)
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn instrument_has_two_items_per_dimension() {
        for dimension in Dimension::ALL {
            assert_eq!(dimension.items().count(), 2, "{dimension:?}");
        }
        let ids: Vec<&str> = Dimension::Assurance.items().map(|item| item.id).collect();
        assert_eq!(ids, ["asr_trust", "asr_costs"]);
        assert_eq!(
            serde_json::to_string(&Dimension::Responsiveness).unwrap(),
            "\"responsiveness\""
        );
        for dimension in Dimension::ALL {
            let json = serde_json::to_string(&dimension).unwrap();
            assert_eq!(json, format!("\"{}\"", dimension.as_str()));
        }
    }

    #[test]
    fn gaps_and_means_per_dimension() {
        let f = example();
        let gaps: Vec<i8> = f.ratings().map(|(_, rating)| rating.gap()).collect();
        assert_eq!(gaps, [-2, 0, 1, 2, 0, -3, 1, 0, -4, 1]);
        let expected_gaps = [-1.0, 1.5, -1.5, 0.5, -1.5];
        for (dimension, gap) in Dimension::ALL.into_iter().zip(expected_gaps) {
            assert!(close(f.dimension_gap(dimension), gap), "{dimension:?}");
        }
        assert!(close(f.dimension_perception(Dimension::Reliability), 4.5));
        assert!(close(f.dimension_expectation(Dimension::Reliability), 5.5));
        assert!(close(f.dimension_perception(Dimension::Tangibles), 4.0));
        // P sums to 47 over ten items.
        assert!(close(f.overall_perception(), 4.7));
    }

    #[test]
    fn weighted_score_uses_importance() {
        // Default 20 each: the mean of the dimension gaps, −2 / 5.
        assert!(close(example().weighted_score(), -0.4));
        let mut weighted = submission(EXAMPLE);
        weighted.importance = Some(BTreeMap::from([
            (Dimension::Reliability, 40),
            (Dimension::Responsiveness, 10),
            (Dimension::Assurance, 30),
            (Dimension::Empathy, 0),
            (Dimension::Tangibles, 20),
        ]));
        let f = validate(&weighted).unwrap();
        assert_eq!(f.importance(Dimension::Assurance), 30);
        // 0.4·(−1) + 0.1·1.5 + 0.3·(−1.5) + 0·0.5 + 0.2·(−1.5) = −1.0
        assert!(close(f.weighted_score(), -1.0));
    }

    #[test]
    fn valid_submission_gets_defaults() {
        let f = example();
        for dimension in Dimension::ALL {
            assert_eq!(f.importance(dimension), 20);
        }
        assert_eq!(f.comment(), None);
        let mut with_comment = submission([(4, 4); 10]);
        with_comment.comment = Some("  Great packaging.\n".into());
        assert_eq!(
            validate(&with_comment).unwrap().comment(),
            Some("Great packaging.")
        );
        with_comment.comment = Some(" \t\n ".into());
        assert_eq!(validate(&with_comment).unwrap().comment(), None);
    }

    #[test]
    fn every_missing_answer_is_named() {
        let mut s = submission([(4, 4); 10]);
        s.answers.remove("rel_intact");
        s.answers.remove("tan_interface");
        assert_eq!(
            fields(validate(&s)),
            ["answers.rel_intact", "answers.tan_interface"]
        );
        let errors = validate(&s).unwrap_err();
        assert_eq!(errors[0].message, "is required");
        // An empty body reaches validation and lists all ten items.
        let empty: FeedbackSubmission = serde_json::from_str("{}").unwrap();
        let missing = fields(validate(&empty));
        let all: Vec<String> = ITEMS.iter().map(|i| format!("answers.{}", i.id)).collect();
        assert_eq!(missing, all);
    }

    #[test]
    fn out_of_range_answers_name_their_field() {
        let mut pairs = [(4, 4); 10];
        pairs[0] = (0, 8);
        pairs[5] = (-1, 300);
        pairs[9] = (7, 1);
        let errors = validate(&submission(pairs)).unwrap_err();
        let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            named,
            [
                "answers.rel_on_time.expected",
                "answers.rel_on_time.perceived",
                "answers.asr_costs.expected",
                "answers.asr_costs.perceived",
            ]
        );
        assert!(
            errors
                .iter()
                .all(|e| e.message == "must be a whole number from 1 to 7")
        );
    }

    #[test]
    fn wide_integers_deserialize_so_validation_can_name_them() {
        let json = r#"{"answers":{"rel_on_time":{"expected":300,"perceived":-2}}}"#;
        let s: FeedbackSubmission = serde_json::from_str(json).unwrap();
        let named = fields(validate(&s));
        assert_eq!(named[0], "answers.rel_on_time.expected");
        assert_eq!(named[1], "answers.rel_on_time.perceived");
        assert_eq!(named.len(), 11);
    }

    #[test]
    fn unknown_items_are_named() {
        let mut s = submission([(4, 4); 10]);
        s.answers.insert(
            "rel_speed".into(),
            Answer {
                expected: 4,
                perceived: 4,
            },
        );
        let errors = validate(&s).unwrap_err();
        assert_eq!(
            errors,
            [FieldError {
                field: "answers.rel_speed".into(),
                message: "is not an item of this form".into(),
            }]
        );
    }

    #[test]
    fn importance_errors_name_their_field() {
        let with = |points: &[(Dimension, i64)]| {
            let mut s = submission([(4, 4); 10]);
            s.importance = Some(points.iter().copied().collect());
            validate(&s)
        };
        use Dimension::*;
        assert_eq!(
            fields(with(&[
                (Reliability, 25),
                (Responsiveness, 25),
                (Assurance, 25),
                (Empathy, 25)
            ])),
            ["importance.tangibles"]
        );
        assert_eq!(
            fields(with(&[
                (Reliability, 60),
                (Responsiveness, 20),
                (Assurance, 20),
                (Empathy, -10),
                (Tangibles, 10)
            ])),
            ["importance.empathy"]
        );
        assert_eq!(
            fields(with(&[
                (Reliability, 101),
                (Responsiveness, 0),
                (Assurance, 0),
                (Empathy, 0),
                (Tangibles, 0)
            ])),
            ["importance.reliability"]
        );
        let short = with(&[
            (Reliability, 20),
            (Responsiveness, 20),
            (Assurance, 20),
            (Empathy, 20),
            (Tangibles, 10),
        ]);
        assert_eq!(
            short.unwrap_err(),
            [FieldError {
                field: "importance".into(),
                message: "must add up to 100 points".into(),
            }]
        );
        let all_on_one = with(&[
            (Reliability, 100),
            (Responsiveness, 0),
            (Assurance, 0),
            (Empathy, 0),
            (Tangibles, 0),
        ])
        .unwrap();
        assert_eq!(all_on_one.importance(Reliability), 100);
    }

    #[test]
    fn comment_length_counts_characters() {
        let mut s = submission([(4, 4); 10]);
        // 2,000 two-byte characters: 4,000 bytes but within the limit.
        s.comment = Some("é".repeat(COMMENT_MAX_CHARS));
        assert!(validate(&s).is_ok());
        s.comment = Some("é".repeat(COMMENT_MAX_CHARS + 1));
        assert_eq!(fields(validate(&s)), ["comment"]);
        // Surrounding whitespace does not count.
        s.comment = Some(format!("  {}  ", "a".repeat(COMMENT_MAX_CHARS)));
        assert!(validate(&s).is_ok());
    }

    #[test]
    fn all_errors_are_collected() {
        let mut s = submission([(4, 4); 10]);
        s.answers.remove("emp_options");
        s.answers.get_mut("rsp_updates").unwrap().perceived = 0;
        s.answers.insert(
            "bogus".into(),
            Answer {
                expected: 1,
                perceived: 1,
            },
        );
        s.importance = Some(BTreeMap::from([(Dimension::Reliability, 100)]));
        s.comment = Some("x".repeat(COMMENT_MAX_CHARS + 1));
        assert_eq!(
            fields(validate(&s)),
            [
                "answers.rsp_updates.perceived",
                "answers.emp_options",
                "answers.bogus",
                "importance.responsiveness",
                "importance.assurance",
                "importance.empathy",
                "importance.tangibles",
                "comment",
            ]
        );
    }

    #[test]
    fn wire_names_of_submission() {
        let json = r#"{
            "answers": {"rel_on_time": {"expected": 5, "perceived": 6}},
            "importance": {"reliability": 100, "responsiveness": 0, "assurance": 0,
                           "empathy": 0, "tangibles": 0},
            "comment": "ok"
        }"#;
        let s: FeedbackSubmission = serde_json::from_str(json).unwrap();
        assert_eq!(
            s.answers["rel_on_time"],
            Answer {
                expected: 5,
                perceived: 6
            }
        );
        assert_eq!(s.importance.unwrap()[&Dimension::Reliability], 100);
        assert_eq!(s.comment.as_deref(), Some("ok"));
    }

    #[test]
    fn shrinkage_and_the_minimum_sample() {
        // (5·6 + 10·4.5) / 15 = 5.0
        assert!(close(shrink(6.0, 5, 4.5), 5.0));
        // (10·6 + 10·4) / 20 = 5.0
        assert!(close(shrink(6.0, 10, 4.0), 5.0));
        assert_eq!(BuyerScore::new(6.0, 4, 4.5), BuyerScore::TooFewRatings);
        assert_eq!(BuyerScore::new(6.0, 4, 4.5).tenths(), None);
        assert_eq!(
            BuyerScore::new(6.0, 5, 4.5),
            BuyerScore::Rated { perception: 5.0 }
        );
        assert_eq!(BuyerScore::new(6.0, 5, 4.5).tenths(), Some(50));
        let json = serde_json::to_value(BuyerScore::TooFewRatings).unwrap();
        assert_eq!(json, serde_json::json!({"status": "too_few_ratings"}));
        let json = serde_json::to_value(BuyerScore::Rated { perception: 5.5 }).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"status": "rated", "perception": 5.5})
        );
    }

    #[test]
    fn tenths_round_to_one_decimal() {
        assert_eq!(to_tenths(5.7), 57);
        assert_eq!(to_tenths(5.66), 57);
        assert_eq!(to_tenths(5.64), 56);
        assert_eq!(to_tenths(-1.25), -13);
        assert_eq!(to_tenths(7.0), 70);
    }

    #[test]
    fn confidence_interval_uses_student_t() {
        assert_eq!(ci95(&[1.0]), None);
        // Mean 2, s = 1, t(2) = 4.303: 2 ± 4.303 / √3.
        let ci = ci95(&[1.0, 2.0, 3.0]).unwrap();
        let half = 4.303 / 3f64.sqrt();
        assert!(close(ci.low, 2.0 - half) && close(ci.high, 2.0 + half));
        // Two samples, t(1) = 12.706: mean 0, s = √2, half = 12.706 · √2 / √2.
        let ci = ci95(&[-1.0, 1.0]).unwrap();
        assert!(close(ci.high, 12.706) && close(ci.low, -12.706));
        // 32 samples alternating 0 and 2: df 31 is past the table, so 1.96 · √(32/31) / √32.
        let samples: Vec<f64> = (0..32).map(|i| f64::from(i % 2 * 2)).collect();
        let ci = ci95(&samples).unwrap();
        assert!(close(ci.high, 1.0 + 1.96 / 31f64.sqrt()));
        assert_eq!(t95(30), 2.042);
        assert_eq!(t95(31), 1.96);
    }

    #[test]
    fn aggregate_shrinks_toward_the_all_carrier_mean() {
        let mut responses = Vec::new();
        for day in 1..=5 {
            let date = format!("2026-03-0{day}");
            responses.push(response("beta", "economy", &date, uniform(5, 3)));
            responses.push(response("acme", "standard", &date, uniform(5, 6)));
        }
        let cards = aggregate(&responses);
        let carriers: Vec<&str> = cards.iter().map(|c| c.carrier.as_str()).collect();
        assert_eq!(carriers, ["acme", "beta"]);

        // The prior is the mean P of all ten responses: 4.5.
        let acme = &cards[0].services[0];
        assert_eq!((acme.service.as_str(), acme.n), ("standard", 5));
        // (5·6 + 10·4.5) / 15 = 5.0
        assert_eq!(acme.overall, BuyerScore::Rated { perception: 5.0 });
        assert_eq!(acme.dimensions.len(), 5);
        let reliability = &acme.dimensions[0];
        assert_eq!(reliability.dimension, Dimension::Reliability);
        assert_eq!(reliability.n, 5);
        assert!(close(reliability.mean_perception, 6.0));
        assert!(close(reliability.mean_expectation, 5.0));
        assert!(close(reliability.mean_gap, 1.0));
        // No spread at all: the interval collapses onto the mean.
        assert_eq!(
            reliability.gap_ci95,
            Some(ConfidenceInterval {
                low: 1.0,
                high: 1.0
            })
        );
        assert_eq!(reliability.shrunk_perception.tenths(), Some(50));

        let beta = &cards[1].services[0];
        // (5·3 + 10·4.5) / 15 = 4.0
        assert_eq!(beta.overall.tenths(), Some(40));
        assert!(close(beta.dimensions[4].mean_gap, -2.0));
        assert_eq!(beta.trend.len(), 1);
    }

    #[test]
    fn below_five_responses_buyers_see_no_number() {
        let responses: Vec<ScoredResponse> = (1..=4)
            .map(|day| {
                response(
                    "acme",
                    "expedited",
                    &format!("2026-04-0{day}"),
                    uniform(4, 6),
                )
            })
            .chain([response("acme", "standard", "2026-04-01", uniform(4, 4))])
            .collect();
        let cards = aggregate(&responses);
        let expedited = &cards[0].services[0];
        assert_eq!((expedited.service.as_str(), expedited.n), ("expedited", 4));
        assert_eq!(expedited.overall, BuyerScore::TooFewRatings);
        for score in &expedited.dimensions {
            assert_eq!(score.shrunk_perception, BuyerScore::TooFewRatings);
            // The raw statistics are still there for the seller.
            assert!(close(score.mean_gap, 2.0));
        }
        let standard = &cards[0].services[1];
        assert_eq!(standard.n, 1);
        assert_eq!(standard.dimensions[0].gap_ci95, None);
        assert!(aggregate(&[]).is_empty());
    }

    #[test]
    fn a_seller_report_has_comments_newest_first_and_a_trend_per_carrier() {
        let commented = |text: &str| Feedback {
            comment: Some(text.to_owned()),
            ..uniform(6, 3)
        };
        let responses = [
            response(
                "heron",
                "heron-standard",
                "2026-09-02",
                commented("box crushed"),
            ),
            response("bastion", "bastion-economy", "2026-10-10", uniform(5, 5)),
            response(
                "heron",
                "heron-express",
                "2026-10-01",
                commented("late again"),
            ),
            response("heron", "heron-standard", "2026-10-01", commented("fine")),
        ];
        let report = seller_report("kiln-and-leaf", "Kiln & Leaf", &responses);
        assert_eq!(report.seller, "kiln-and-leaf");
        assert_eq!(report.insights.n, 4);
        let comments: Vec<&str> = report.comments.iter().map(|c| c.comment.as_str()).collect();
        // Newest first; of one day, the later arrival first.
        assert_eq!(comments, ["fine", "late again", "box crushed"]);
        assert!(close(report.comments[0].weighted_score, -3.0));
        let carriers: Vec<(&str, u32, usize)> = report
            .carriers
            .iter()
            .map(|c| (c.carrier.as_str(), c.n, c.trend.len()))
            .collect();
        assert_eq!(carriers, [("bastion", 1, 1), ("heron", 3, 2)]);
        let empty = seller_report("nobody", "Nobody", &[]);
        assert!(empty.comments.is_empty() && empty.carriers.is_empty());
    }

    #[test]
    fn monthly_trend_is_chronological() {
        let responses = [
            response("acme", "standard", "2026-01-31", uniform(5, 4)),
            response("acme", "standard", "2026-02-01", uniform(4, 7)),
            response("acme", "standard", "2025-12-31", uniform(3, 3)),
            response("acme", "standard", "2026-01-05", uniform(4, 6)),
        ];
        let trend = monthly_trend(&responses);
        let months: Vec<(i32, u32, u32)> = trend.iter().map(|m| (m.year, m.month, m.n)).collect();
        assert_eq!(months, [(2025, 12, 1), (2026, 1, 2), (2026, 2, 1)]);
        // January: gaps −1 and +2.
        for dimension in Dimension::ALL {
            assert!(close(trend[1].mean_gap[&dimension], 0.5));
        }
        assert!(close(trend[2].mean_gap[&Dimension::Empathy], 3.0));
        let json = serde_json::to_value(&trend[0]).unwrap();
        assert_eq!(json["mean_gap"]["tangibles"], 0.0);
        // The scorecard carries the same trend.
        assert_eq!(aggregate(&responses)[0].services[0].trend, trend);
    }

    #[test]
    fn insights_rank_the_largest_shortfall_first() {
        let responses = [example(), uniform(5, 5)];
        let insights = seller_insights(&responses);
        assert_eq!(insights.n, 2);
        let ranked: Vec<(&str, f64)> = insights
            .items
            .iter()
            .map(|i| (i.item.as_str(), i.mean_gap))
            .collect();
        assert_eq!(
            ranked,
            [
                ("tan_packaging", -2.0),
                ("asr_costs", -1.5),
                ("rel_on_time", -1.0),
                // Ties keep the instrument's order.
                ("rel_intact", 0.0),
                ("asr_trust", 0.0),
                ("emp_language", 0.0),
                ("rsp_contact", 0.5),
                ("emp_options", 0.5),
                ("tan_interface", 0.5),
                ("rsp_updates", 1.0),
            ]
        );
        let worst = &insights.items[0];
        assert_eq!(worst.dimension, Dimension::Tangibles);
        assert!(close(worst.mean_perception, 3.5) && close(worst.mean_expectation, 5.5));
        let none = seller_insights([]);
        assert_eq!((none.n, none.items.len()), (0, 0));
    }

    fn answers() -> impl Strategy<Value = [(i64, i64); 10]> {
        proptest::array::uniform10((1i64..=7, 1i64..=7))
    }

    proptest! {
        #[test]
        fn default_weighting_is_the_mean_of_dimension_gaps(pairs in answers()) {
            let f = feedback(pairs);
            let mean_gap = Dimension::ALL.iter().map(|&d| f.dimension_gap(d)).sum::<f64>() / 5.0;
            prop_assert!(close(f.weighted_score(), mean_gap));
        }

        #[test]
        fn gaps_stay_within_six(pairs in answers()) {
            let f = feedback(pairs);
            for (_, rating) in f.ratings() {
                prop_assert!((-6..=6).contains(&rating.gap()));
            }
            for d in Dimension::ALL {
                prop_assert!((-6.0..=6.0).contains(&f.dimension_gap(d)));
                prop_assert!((1.0..=7.0).contains(&f.dimension_perception(d)));
            }
            prop_assert!((-6.0..=6.0).contains(&f.weighted_score()));
        }

        #[test]
        fn shrunk_lies_between_prior_and_raw_mean(
            mean in 1.0f64..=7.0,
            prior in 1.0f64..=7.0,
            n in 0u32..10_000,
        ) {
            let shrunk = shrink(mean, n, prior);
            let (low, high) = (mean.min(prior), mean.max(prior));
            prop_assert!(low - 1e-9 <= shrunk && shrunk <= high + 1e-9);
        }

        #[test]
        fn any_value_off_the_scale_is_named(
            pairs in answers(),
            index in 0usize..10,
            value in prop_oneof![i64::MIN..=0, 8i64..=i64::MAX],
            perceived in any::<bool>(),
        ) {
            let mut s = submission(pairs);
            let answer = s.answers.get_mut(ITEMS[index].id).unwrap();
            let part = if perceived { &mut answer.perceived } else { &mut answer.expected };
            *part = value;
            let which = if perceived { "perceived" } else { "expected" };
            prop_assert_eq!(
                fields(validate(&s)),
                [format!("answers.{}.{which}", ITEMS[index].id)]
            );
        }

        #[test]
        fn interval_contains_the_mean(samples in proptest::collection::vec(-6.0f64..=6.0, 2..60)) {
            let ci = ci95(&samples).unwrap();
            let m = mean(samples.iter().copied());
            prop_assert!(ci.low <= m + 1e-9 && m <= ci.high + 1e-9);
        }

        #[test]
        fn submissions_round_trip_through_json(pairs in answers()) {
            let s = submission(pairs);
            let json = serde_json::to_string(&s).unwrap();
            prop_assert_eq!(serde_json::from_str::<FeedbackSubmission>(&json).unwrap(), s);
        }
    }
}

/// A service's rating as buyers see it at checkout: the shrunk overall perception and how many
/// responses it rests on.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceRating {
    /// Responses about the service.
    pub n: u32,
    /// The score, or "too few ratings yet".
    pub score: BuyerScore,
}

/// The body of `POST /api/orders/{id}/feedback`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackRequest {
    /// Which shipment of the order the answers are about (its position; 0 for the first).
    #[serde(default)]
    pub shipment: u32,
    /// The answers.
    #[serde(flatten)]
    pub submission: FeedbackSubmission,
}

/// The thank-you: how the buyer's answers compare with the carrier's averages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackReceipt {
    /// The carrier rated.
    pub carrier: String,
    /// The service rated.
    pub service: String,
    /// This response's importance-weighted gap.
    pub weighted_score: f64,
    /// Per dimension: this response beside the carrier's mean over every response, this one
    /// included.
    pub dimensions: Vec<ReceiptDimension>,
}

/// One dimension of a [`FeedbackReceipt`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptDimension {
    /// The dimension.
    pub dimension: Dimension,
    /// The buyer's perception (mean of its items).
    pub your_perception: f64,
    /// The buyer's gap.
    pub your_gap: f64,
    /// The carrier's mean perception.
    pub carrier_perception: f64,
    /// The carrier's mean gap.
    pub carrier_gap: f64,
}
